import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const NOTIFY = path.join(ROOT, 'bin', 'notify');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment a CLI child gets: this process's, minus anything that would point it at shared state (the CI
 * Postgres, a developer's secrets), plus `env`.
 */
export function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const key of Object.keys(inherited)) {
    if (/^(DATABASE_URL|NOTIFY_|TWILIO_|SMTP_|EMAIL_|TEMPORAL_)/.test(key)) delete inherited[key];
  }
  return { ...inherited, NODE_ENV: 'test', ...env };
}

/** Runs `bin/notify args…` to completion. */
export function runNotify(args: readonly string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [NOTIFY, ...args],
      { cwd: ROOT, env: cliEnv(env) },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

/** A long-running `bin/notify` command (`api`), with its output so far and a way to stop it. */
export interface CliServer {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  /** Resolves with the first stderr text matching `pattern`, or rejects when the process exits first. */
  readonly waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
  /** SIGTERM, then the exit code. */
  readonly stop: () => Promise<number | null>;
}

export function startNotify(args: readonly string[], env: Record<string, string>): CliServer {
  const child = spawn(process.execPath, [NOTIFY, ...args], { cwd: ROOT, env: cliEnv(env) });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stderr: () => stderr,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = stderr.match(pattern);
          if (!match) return;
          child.stderr.off('data', check);
          resolve(match);
        };
        child.stderr.on('data', check);
        check();
        void exited.then((code) => reject(new Error(`notify exited (${code}) before ${pattern}: ${stderr}`)));
      }),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
