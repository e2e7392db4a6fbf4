/**
 * Every conformance scenario runs once per worker cache mode: with the default sticky cache, and with
 * `maxCachedWorkflows: 0`, which makes the worker replay the whole history on every task (the strongest
 * determinism check available offline: any event the server writes out of place fails the replay).
 */
export interface CacheMode {
  readonly name: string;
  readonly maxCachedWorkflows?: number;
}

export const cacheModes: readonly CacheMode[] = [
  { name: 'default worker cache' },
  { name: 'maxCachedWorkflows: 0', maxCachedWorkflows: 0 },
];
