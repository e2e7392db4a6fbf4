import { createHash } from 'node:crypto';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** Everything the workflow bundle is built from: workflows import only domain/ and the SDK (a lint wall keeps it so). */
const SOURCES = ['workflows', 'domain'];
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

/**
 * The notify workflows bundled once per version of their sources, shared by every fault test file (each starts
 * worker processes several times): the path of a bundle in the temp directory named by a hash of the sources and the
 * SDK version. Webpack runs only when no bundle of these sources exists yet.
 */
export async function workflowBundlePath(): Promise<string> {
  const hash = createHash('sha256');
  const sdk = JSON.parse(await readFile(require.resolve('@temporalio/workflow/package.json'), 'utf8')) as {
    version: string;
  };
  hash.update(sdk.version);
  for (const dir of SOURCES) {
    for (const file of await listFiles(path.join(ROOT, dir))) {
      hash.update(path.relative(ROOT, file));
      hash.update(await readFile(file));
    }
  }
  const target = path.join(tmpdir(), `notify-faults-workflows-${hash.digest('hex').slice(0, 16)}.js`);
  if (
    await stat(target).then(
      (s) => s.size > 0,
      () => false,
    )
  )
    return target;
  const { code } = await bundleWorkflowCode({ workflowsPath: path.join(ROOT, 'workflows'), logger: quiet });
  const partial = `${target}.${process.pid}.tmp`;
  await writeFile(partial, code);
  await rename(partial, target);
  return target;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return listFiles(full);
        return Promise.resolve(entry.name.endsWith('.ts') ? [full] : []);
      }),
  );
  return files.flat();
}
