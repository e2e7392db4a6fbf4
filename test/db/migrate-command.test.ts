import path from 'node:path';
import { Command } from 'commander';
import { register, runMigrations } from '../../client/commands/migrate';
import { MIGRATIONS } from '../../db/migrations';
import { makeTempDir } from './helpers/temp-dir';

describe('notify migrate', () => {
  const temp = makeTempDir('notify-migrate');
  afterAll(() => temp.remove());

  it('applies the migrations, printing each, and then reports the database up to date', async () => {
    const dataDir = path.join(temp.dir, 'data');
    const lines: string[] = [];
    const firstRun = await runMigrations({ dataDir }, (line) => lines.push(line));

    expect(firstRun).toEqual(Object.keys(MIGRATIONS));
    expect(lines).toEqual([
      `database: pglite ${path.join(dataDir, 'pglite')}`,
      ...Object.keys(MIGRATIONS).map((name) => `applied ${name}`),
      `${firstRun.length} migrations applied`,
    ]);

    const program = new Command('notify').exitOverride();
    register(program, () => ({ dataDir }));
    const printed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(['node', 'notify', 'migrate']);
    } finally {
      write.mockRestore();
    }
    expect(printed.join('')).toBe(
      `database: pglite ${path.join(dataDir, 'pglite')}\nup to date: no migrations to apply\n`,
    );
  });
});
