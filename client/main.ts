import { buildProgram } from './program';

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    // Operators get one clear line, not a stack trace; NOTIFY_DEBUG=1 shows the trace for developers.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`notify: ${message}\n`);
    if (process.env.NOTIFY_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = process.exitCode || 1;
  });
