import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';

export const NOTIFY_BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'notify');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment a spawned `notify` sees: the caller's settings on top of this process's PATH and HOME, with every
 * variable that would point it at real infrastructure removed, so a developer's shell cannot leak into a test.
 */
export function cliEnv(settings: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of [
    'DATABASE_URL',
    'NOTIFY_INGEST_SECRET',
    'NOTIFY_INGEST_SECRET_PREVIOUS',
    'NOTIFY_METRICS_TOKEN',
    'NOTIFY_API_HOST',
    'NOTIFY_CONFIG',
    'TWILIO_ACCOUNT_SID',
    'TWILIO_AUTH_TOKEN',
    'TWILIO_MESSAGING_SERVICE_SID',
    'TWILIO_FROM',
    'SMTP_URL',
    'NODE_ENV',
  ]) {
    delete env[name];
  }
  // The SDK's own connection settings (TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE…) would secure or redirect it.
  for (const name of Object.keys(env)) if (name.startsWith('TEMPORAL_')) delete env[name];
  return { ...env, ...settings };
}

/** Runs `node bin/notify …` to completion. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [NOTIFY_BIN, ...args], { env, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Runs `client/main.ts` through tsx whatever NODE_ENV says: what bin/notify does outside production. Under
 * NODE_ENV=production the shim runs the compiled dist/ instead, which tests do not build.
 */
export function runCliSources(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CliResult> {
  const main = path.resolve(__dirname, '..', '..', '..', 'client', 'main.ts');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--require', 'tsx/cjs', main, ...args],
      { env, timeout: timeoutMs },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A long-running `notify` (start, outbox --follow) in its own process group, so cleanup reaches its children. */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv): RunningCli {
  const child = spawn(process.execPath, [NOTIFY_BIN, ...args], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new RunningCli(child);
}

export class RunningCli {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when stderr or stdout contains `text`; rejects if the process exits first or the time runs out. */
  async waitFor(text: string, limitMs: number): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (!this.stdout.includes(text) && !this.stderr.includes(text)) {
      if (!this.running) throw new Error(`notify exited before printing ${JSON.stringify(text)}:\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(text)} within ${limitMs} ms:\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Ctrl-C: SIGINT to the notify process alone, as a terminal would deliver it to the foreground process. */
  interrupt(): void {
    this.child.kill('SIGINT');
  }

  /** Cleanup after a failed test: the whole group, temporal-lite included. */
  killGroup(): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
