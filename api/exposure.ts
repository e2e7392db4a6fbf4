import { isIP } from 'node:net';

export type Reach = 'loopback' | 'all-interfaces' | 'one-interface';

/** Who can reach an API bound to `host`: this machine only, every network it is on, or one of them. */
export function reachOf(host: string): Reach {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === '' || bare === '0.0.0.0' || bare === '::') return 'all-interfaces';
  if (isLoopback(bare)) return 'loopback';
  return 'one-interface';
}

/** `localhost`, 127.0.0.0/8, `::1`, and IPv4-mapped loopback. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * The line `notify start` and `notify api` print about where the API listens. Beyond loopback it warns: reply links,
 * the Twilio webhooks and /metrics then answer anyone who can reach the address, which is right behind a proxy or
 * in a cluster, and a surprise on a laptop in a café.
 */
export function describeExposure(host: string, metricsToken: string | undefined): string {
  const metrics = metricsToken ? '/metrics (bearer token required)' : '/metrics (open: set NOTIFY_METRICS_TOKEN)';
  switch (reachOf(host)) {
    case 'loopback':
      return `interface ${host}: loopback only, not reachable from other machines (NOTIFY_API_HOST=0.0.0.0 to serve them)`;
    case 'all-interfaces':
      return (
        `interface ${host || '0.0.0.0'}: ALL interfaces. Warning: reply links, webhooks, events and ${metrics} ` +
        'are reachable from other machines'
      );
    case 'one-interface':
      return (
        `interface ${host}: not loopback. Warning: reply links, webhooks, events and ${metrics} are reachable from ` +
        'other machines on that network'
      );
  }
}
