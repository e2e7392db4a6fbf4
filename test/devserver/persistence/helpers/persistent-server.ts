import { type ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import { TEMPORAL_LITE_PATH } from '../../../helpers/temporal-env';

/** A temporal-lite child process in start-dev form on a fixed port and journal, restartable after a SIGKILL. */
export class PersistentServer {
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    readonly dbFile: string,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error('temporal-lite is already running');
    const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(this.port), '--headless'];
    const child = spawn(TEMPORAL_LITE_PATH, [...args, '--db-filename', this.dbFile], { stdio: 'ignore' });
    this.child = child;
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) =>
        reject(new Error(`temporal-lite exited with ${code ?? 'a signal'} before listening`)),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForListening(this.port, 20_000), exited]);
  }

  /** SIGKILL: no shutdown code runs, exactly as in a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

function waitForListening(port: number, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`temporal-lite not listening on ${port}`));
        else setTimeout(attempt, 10);
      });
    };
    attempt();
  });
}
