import { readdirSync, readFileSync } from 'node:fs';
import { ownCpuMs, processCpuMs } from '../devserver/process-cpu';

/** Who used the CPU during a phase: the API (this process), the worker, the driver, temporal-lite and Postgres. */
export interface CpuShares {
  readonly apiMs: number;
  readonly workerMs: number;
  readonly driverMs: number;
  readonly temporalMs: number;
  readonly postgresMs: number;
}

export function cpuMeter(pids: { driver: number; worker: number; temporal: number }): () => () => CpuShares {
  const sample = (): CpuShares => ({
    apiMs: ownCpuMs(),
    workerMs: safeCpu(pids.worker),
    driverMs: safeCpu(pids.driver),
    temporalMs: safeCpu(pids.temporal),
    postgresMs: postgresPids().reduce((sum, pid) => sum + safeCpu(pid), 0),
  });
  return () => {
    const before = sample();
    return () => {
      const after = sample();
      return {
        apiMs: after.apiMs - before.apiMs,
        workerMs: after.workerMs - before.workerMs,
        driverMs: after.driverMs - before.driverMs,
        temporalMs: after.temporalMs - before.temporalMs,
        postgresMs: Math.max(0, after.postgresMs - before.postgresMs),
      };
    };
  };
}

/** Postgres serves each connection from its own process; a local server's are all visible in /proc. */
function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    })
    .map(Number);
}

function safeCpu(pid: number): number {
  try {
    return processCpuMs(pid);
  } catch {
    return 0; // exited meanwhile
  }
}
