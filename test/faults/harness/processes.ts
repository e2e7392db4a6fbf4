import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { waitUntil } from './wait';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TSX = require.resolve('tsx/cjs');
const WORKER_MAIN = path.join(__dirname, 'worker-main.ts');
const NOTIFY_BIN = path.join(ROOT, 'bin', 'notify');
const START_TIMEOUT_MS = 60_000;

/**
 * One notify process (worker or API) the test owns: started, SIGKILLed at the moment a test chooses, started again
 * with the same environment. Its output goes to a log file whose tail is quoted when it fails to start.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private starts = 0;

  constructor(
    readonly name: string,
    private readonly argv: readonly string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly logDir: string,
    private readonly ready: (child: ChildProcess) => Promise<void>,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    this.starts += 1;
    const log = path.join(this.logDir, `${this.name}.${this.starts}.log`);
    const out = createWriteStream(log);
    const child = spawn(process.execPath, [...this.argv], {
      cwd: ROOT,
      env: { ...this.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const died = this.exited.then(() => {
      throw new Error(`${this.name} exited while starting (code ${child.exitCode}, signal ${child.signalCode})`);
    });
    const timeout = new Promise<never>((_resolve, reject) =>
      setTimeout(
        () => reject(new Error(`${this.name} not ready after ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      ).unref(),
    );
    try {
      await Promise.race([this.ready(child), died, timeout]);
    } catch (err) {
      await this.kill();
      const tail = (await readFile(log, 'utf8').catch(() => '')).slice(-3000);
      throw new Error(`${(err as Error).message}; log ${log}:\n${tail}`, { cause: err });
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing in flight is finished or recorded. Resolves once the process is gone. */
  async kill(): Promise<void> {
    if (this.running) this.child?.kill('SIGKILL');
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }
}

/** The fault worker (worker-main.ts): ready when it says so over IPC. */
export function workerProcess(name: string, env: NodeJS.ProcessEnv, logDir: string): ServiceProcess {
  return new ServiceProcess(name, ['--require', TSX, WORKER_MAIN], env, logDir, (child) => {
    return new Promise<void>((resolve) => {
      child.on('message', (message: { type?: string }) => {
        if (message.type === 'ready') resolve();
      });
    });
  });
}

/** `notify api` exactly as operators run it: ready once `GET /healthz` answers on its port. */
export function apiProcess(name: string, env: NodeJS.ProcessEnv, logDir: string, port: number): ServiceProcess {
  return new ServiceProcess(name, [NOTIFY_BIN, 'api'], { ...env, NOTIFY_API_PORT: String(port) }, logDir, () =>
    waitUntil(
      `${name} answering /healthz`,
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        return response?.ok ? true : undefined;
      },
      { timeoutMs: START_TIMEOUT_MS, intervalMs: 200 },
    ).then(() => undefined),
  );
}
