import { describeExposure, isLoopback, reachOf } from '../../api/exposure';

/** The interface line of `notify start` and `notify api`: who can reach the API on the configured host. */
describe('where the API is reachable from', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['localhost', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['0.0.0.0', 'all-interfaces'],
    ['::', 'all-interfaces'],
    ['', 'all-interfaces'],
    ['192.168.1.20', 'one-interface'],
    ['128.0.0.1', 'one-interface'],
    ['localhost.example.com', 'one-interface'],
  ])('%j is %s', (host, reach) => {
    expect(reachOf(host)).toBe(reach);
    expect(isLoopback(host)).toBe(reach === 'loopback');
  });

  it('says loopback only for the default, and warns for every other interface, naming an open /metrics', () => {
    expect(describeExposure('127.0.0.1', undefined)).toBe(
      'interface 127.0.0.1: loopback only, not reachable from other machines (NOTIFY_API_HOST=0.0.0.0 to serve them)',
    );
    expect(describeExposure('0.0.0.0', undefined)).toBe(
      'interface 0.0.0.0: ALL interfaces. Warning: reply links, webhooks, events and /metrics (open: set ' +
        'NOTIFY_METRICS_TOKEN) are reachable from other machines',
    );
    expect(describeExposure('10.0.0.5', 'token')).toBe(
      'interface 10.0.0.5: not loopback. Warning: reply links, webhooks, events and /metrics (bearer token ' +
        'required) are reachable from other machines on that network',
    );
  });
});
