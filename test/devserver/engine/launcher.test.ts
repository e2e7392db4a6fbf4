import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TEMPORAL_LITE_PATH } from '../../helpers/temporal-env';
import { freePort } from '../../helpers/free-port';

/** Resolves with the ms until `port` accepts TCP connections (polling every 10 ms), or rejects after `limitMs`. */
function waitForListening(port: number, startedAt: number, limitMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(Date.now() - startedAt);
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() - startedAt > limitMs) reject(new Error(`not listening after ${limitMs} ms`));
        else setTimeout(attempt, 10);
      });
    };
    attempt();
  });
}

/** User + system CPU time a process has used so far (Linux /proc; clock ticks are 1/100 s). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is parenthesised and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10;
}

describe('devserver/bin/temporal-lite', () => {
  const children: ChildProcess[] = [];
  const launch = (args: string[]): ChildProcess => {
    const child = spawn(TEMPORAL_LITE_PATH, args, { stdio: 'ignore' });
    children.push(child);
    return child;
  };
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  it('execs node (the SDK kills the pid it spawned) and is listening after less than 1.5 s of work', async () => {
    // CPU time, not wall time: a CI machine shared by parallel suites stretches wall time several-fold, while the
    // work done before listening stays put. The wall-clock bound is the SDK's own 5 s start window.
    const port = await freePort();
    const startedAt = Date.now();
    const child = launch([String(port)]);
    const wallMs = await waitForListening(port, startedAt, 10_000);
    const command = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
    expect(command[0]).toMatch(/node$/);
    expect(cpuMs(child.pid ?? 0)).toBeLessThan(1_500);
    expect(wallMs).toBeLessThan(5_000);
  });

  it('serves the dev-server form that createLocal uses, with registered search attributes', async () => {
    const port = await freePort();
    launch([
      'server',
      'start-dev',
      '--port',
      String(port),
      '--namespace',
      'default',
      '--ip',
      '127.0.0.1',
      '--log-format',
      'pretty',
      '--dynamic-config-value',
      'frontend.enableServerVersionCheck=false',
      '--headless',
      '--search-attribute',
      'OrderId=Keyword',
    ]);
    await waitForListening(port, Date.now(), 10_000);
    const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    try {
      const attributes = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(attributes.customAttributes).toMatchObject({
        OrderId: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      });
      // Real time: the dev server's clock follows the wall clock.
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.capabilities?.sdkMetadata).toBe(true);
    } finally {
      await connection.close();
    }
  });
});
