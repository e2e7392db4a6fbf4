import { buildProgram } from '../../../client/program';
import { reportError } from '../../../client/report-error';
import type { CliResult } from './cli-process';

/**
 * Runs `notify …` in this process, as bin/notify would (the same program and the same error reporting), with
 * `env` laid over the environment for the duration (`undefined` unsets): much cheaper than spawning when a test runs many commands.
 * Commands run one at a time (they share process.env, stdout and process.exitCode).
 */
export async function runInProcess(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<CliResult> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  setEnv(env);
  const out: string[] = [];
  const err: string[] = [];
  const capture = (chunks: string[]) => (chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture(out));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture(err));
  process.exitCode = undefined;
  let code: number;
  try {
    await buildProgram().parseAsync(['node', 'notify', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    code = reportError(error, (text) => err.push(text), false);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = undefined;
    setEnv(saved);
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Sets each variable; `undefined` removes it (so CI's DATABASE_URL cannot redirect a PGlite test). */
function setEnv(env: Readonly<Record<string, string | undefined>>): void {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
