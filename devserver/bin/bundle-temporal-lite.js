'use strict';
// Bundles devserver/src into one CommonJS file (dependencies stay external) so the launcher starts plain JS:
// starting through tsx costs about a second of CPU, which on a busy CI machine exceeds the SDK's 5 s start window.
// Uses the esbuild that tsx (a project dependency) brings; prints nothing and exits non-zero when unavailable.
const fs = require('node:fs');
const path = require('node:path');

const [, , entryPoint, outfile] = process.argv;
if (!entryPoint || !outfile) process.exit(2);
try {
  const esbuildPath = require.resolve('esbuild', { paths: [path.dirname(require.resolve('tsx'))] });
  const esbuild = require(esbuildPath);
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  // Write next to the target and rename: concurrent launches never see a half-written bundle.
  const temporary = `${outfile}.${process.pid}.tmp`;
  esbuild.buildSync({
    entryPoints: [entryPoint],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  fs.renameSync(temporary, outfile);
} catch {
  process.exit(1);
}
