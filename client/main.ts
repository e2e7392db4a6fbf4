import { buildProgram } from './program';
import { reportError } from './report-error';

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.exitCode = reportError(err, (text) => process.stderr.write(text), Boolean(process.env.NOTIFY_DEBUG));
  });
