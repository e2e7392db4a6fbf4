import { spawn } from 'node:child_process';
import path from 'node:path';

const CHILD = path.join(__dirname, 'journal-child.ts');

/** A small seeded PRNG (mulberry32): kill moments differ between rounds but repeat between runs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Starts the journal child, lets it write for `killAfterMs` once it reports ready, SIGKILLs it, and returns the
 * acknowledgement lines it printed (whole lines only).
 */
export function runChildUntilKilled(mode: 'append' | 'compact', file: string, killAfterMs: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', CHILD, mode, file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    if (stdout === '' && chunk.startsWith('ready\n')) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`journal child ended by itself (code ${code}, signal ${signal}): ${stderr}`));
        return;
      }
      const lines = stdout.split('\n');
      lines.pop(); // unterminated: not a whole acknowledgement
      resolve(lines.filter((line) => line !== 'ready'));
    });
  });
}
