import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makePrivateDirectory } from '../../security/private-paths';

/**
 * How an operator command finds the running `notify start`: embedded PGlite admits one process, so while `start`
 * holds it, `notify customer …`, `notify campaign …` and `notify outbox --customer` go through its API instead.
 * `start` writes `<dataDir>/service.json` once its API listens and removes it when it stops.
 */
export const SERVICE_FILE = 'service.json';

export interface ServiceRecord {
  readonly pid: number;
  /** Where the running API answers, e.g. `http://127.0.0.1:8080`. */
  readonly apiUrl: string;
}

export function serviceFilePath(dataDir: string): string {
  return path.join(path.resolve(dataDir), SERVICE_FILE);
}

/** Writes the record; returns the function that removes it (only if it is still this process's record). */
export function writeServiceFile(dataDir: string, record: ServiceRecord): () => void {
  const file = serviceFilePath(dataDir);
  makePrivateDirectory(path.dirname(file));
  writeFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  return () => {
    if (readServiceFile(dataDir)?.pid === record.pid) rmSync(file, { force: true });
  };
}

/** The record in the data directory, or undefined when there is none or it is not one (a half-written file). */
export function readServiceFile(dataDir: string): ServiceRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(serviceFilePath(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
  const { pid, apiUrl } = (parsed ?? {}) as Partial<ServiceRecord>;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0 || typeof apiUrl !== 'string') return undefined;
  return { pid, apiUrl };
}

/** The URL a local client reaches a listening server at: a wildcard bind (0.0.0.0, ::) answers on loopback too. */
export function localApiUrl(address: { readonly address: string; readonly port: number }): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}
