import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '../../helpers/free-port';

const run = promisify(execFile);

/**
 * A Postgres cluster of the test's own (initdb, pg_ctl from the PATH), on a free loopback port with its unix socket in
 * a temporary directory: a fault test may stop and start it without touching the machine's cluster on 5432. Postgres
 * refuses to run as root, so under root (CI) every server command runs as the `postgres` OS user.
 */
export class PostgresCluster {
  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PostgresCluster> {
    const dir = await mkdtemp(path.join(tmpdir(), 'notify-faults-pg-'));
    const cluster = new PostgresCluster(dir, await freePort());
    try {
      if (isRoot()) await chown(dir, ...(await postgresIds()));
      await cluster.command('initdb', [
        '-D',
        cluster.dataDir,
        '-A',
        'trust',
        '-U',
        'postgres',
        '-E',
        'UTF8',
        '--no-sync',
      ]);
      await cluster.resume();
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    return cluster;
  }

  private get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<string> {
    const client = new Client({ connectionString: this.url('postgres') });
    await client.connect();
    try {
      await client.query(`create database "${name}"`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  /** Starts (or restarts) the server and waits until it accepts connections. */
  async resume(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    await this.command('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', path.join(this.dir, 'log'), '-w', 'start']);
  }

  /** Stops the server at once (`immediate`: connections are cut, as when a database host goes away). */
  async halt(): Promise<void> {
    await this.command('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
  }

  async close(): Promise<void> {
    await this.halt().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  private async command(program: string, args: readonly string[]): Promise<void> {
    const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, [...args]];
    try {
      await run(file, argv, { timeout: 60_000 });
    } catch (err) {
      const { code, stderr } = err as { code?: unknown; stderr?: string };
      const missing = code === 'ENOENT' || code === 127 || /command not found|No such file/.test(stderr ?? '');
      throw new Error(
        missing
          ? `${program} not found: the fault suite runs a PostgreSQL server of its own (initdb, pg_ctl on the PATH)`
          : `${program} failed: ${stderr?.trim() ?? String(err)}`,
        { cause: err },
      );
    }
  }
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

async function postgresIds(): Promise<[number, number]> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return [Number(stdout.trim()), Number(group.trim())];
}
