import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../db/connect';
import { makePrivateDirectory } from '../../security/private-paths';
import { ensureDevIngestSecret } from '../../worker/embedded/dev-ingest-secret';
import { makeTempDir } from '../db/helpers/temp-dir';

/** The data directory and embedded PGlite are the owner's alone (issue 13), whatever the umask. */
describe('private data directories', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let umask: number;
  beforeEach(() => {
    temp = makeTempDir('notify-private');
    umask = process.umask(0o000);
  });
  afterEach(() => {
    process.umask(umask);
    temp.remove();
  });

  const mode = (path: string): number => statSync(path).mode & 0o777;

  it('creates every missing directory 0700, under a permissive and under a restrictive umask', () => {
    makePrivateDirectory(join(temp.dir, 'a', 'b', 'c'));
    expect([mode(join(temp.dir, 'a')), mode(join(temp.dir, 'a', 'b')), mode(join(temp.dir, 'a', 'b', 'c'))]).toEqual([
      0o700, 0o700, 0o700,
    ]);
    // 0277 would leave a directory its owner cannot write into, were the mode not set explicitly.
    process.umask(0o277);
    makePrivateDirectory(join(temp.dir, 'd'));
    expect(mode(join(temp.dir, 'd'))).toBe(0o700);
  });

  it('leaves an existing directory alone unless told to tighten it', () => {
    const existing = join(temp.dir, 'existing');
    mkdirSync(existing, { mode: 0o755 });
    makePrivateDirectory(join(existing, 'inner'));
    expect([mode(existing), mode(join(existing, 'inner'))]).toEqual([0o755, 0o700]);
    makePrivateDirectory(existing, { tightenExisting: true });
    expect(mode(existing)).toBe(0o700);
  });

  it('embedded PGlite: the data directory is created 0700 and its pglite directory made 0700', async () => {
    const dataDir = join(temp.dir, 'data');
    const database = await connect({ dataDir });
    try {
      expect([mode(dataDir), mode(join(dataDir, 'pglite'))]).toEqual([0o700, 0o700]);
    } finally {
      await database.close();
    }

    // An older data directory whose pglite directory was left readable.
    const older = join(temp.dir, 'older');
    mkdirSync(join(older, 'pglite'), { recursive: true, mode: 0o755 });
    const reopened = await connect({ dataDir: older });
    await reopened.close();
    expect(mode(join(older, 'pglite'))).toBe(0o700);
  }, 60_000);

  it('the development secret: the data directory it creates is 0700 and the file 0600', () => {
    const dataDir = join(temp.dir, 'secret-first');
    const { file } = ensureDevIngestSecret(dataDir);
    expect([mode(dataDir), mode(file)]).toEqual([0o700, 0o600]);
  });
});
