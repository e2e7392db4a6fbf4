import { LauncherArgsError, parseLauncherArgs } from '../../../devserver/src/cli/launcher-args';
import { IndexedValueType } from '../../../devserver/src/namespace/search-attribute-registry';

describe('parseLauncherArgs', () => {
  it('reads the test-server form: the port, locked time skipping by default', () => {
    expect(parseLauncherArgs(['43027'])).toMatchObject({
      form: 'test-server',
      port: 43027,
      clockMode: 'skipping-locked',
      namespaces: ['default'],
    });
  });

  it('starts unlocked with --enable-time-skipping and at --start-time', () => {
    const options = parseLauncherArgs(['43027', '--enable-time-skipping', '--start-time', '2026-03-08T06:00:00Z']);
    expect(options.clockMode).toBe('skipping-unlocked');
    expect(options.startTimeMs).toBe(Date.UTC(2026, 2, 8, 6));
    expect(parseLauncherArgs(['1', '--start-time=2026-01-01T00:00:00.000Z']).startTimeMs).toBe(Date.UTC(2026, 0, 1));
  });

  it('reads the dev-server form exactly as createLocal passes it, ignoring unknown flags and their values', () => {
    const options = parseLauncherArgs([
      'server',
      'start-dev',
      '--port',
      '33661',
      '--namespace',
      'default',
      '--namespace',
      'other',
      '--ip',
      '127.0.0.1',
      '--log-format',
      'pretty',
      '--log-level',
      'warn',
      '--dynamic-config-value',
      'frontend.enableServerVersionCheck=false',
      '--dynamic-config-value',
      'history.longPollExpirationInterval=5s',
      '--headless',
      '--db-filename',
      '/tmp/x.db',
      '--ui-port',
      '8233',
      '--search-attribute',
      'CustomKeywordField=Keyword',
      '--search-attribute',
      'OrderId=keyword',
    ]);
    expect(options).toMatchObject({
      form: 'dev-server',
      port: 33661,
      host: '127.0.0.1',
      clockMode: 'real',
      namespaces: ['default', 'other'],
      updatePollMs: 5000,
      logLevel: 'warn',
    });
    expect(options.searchAttributes).toEqual([
      ['CustomKeywordField', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
      ['OrderId', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
    ]);
  });

  it('defaults the dev server to port 7233 and accepts a start time', () => {
    const options = parseLauncherArgs(['server', 'start-dev', '--headless', '--start-time', '2026-03-08T06:00:00Z']);
    expect(options.port).toBe(7233);
    expect(options.startTimeMs).toBe(Date.UTC(2026, 2, 8, 6));
  });

  it('serves TLS with --tls-cert and --tls-key, mutual TLS with --tls-client-ca too, in either form', () => {
    expect(parseLauncherArgs(['1']).tls).toBeUndefined();
    expect(parseLauncherArgs(['1', '--tls-cert', 'c.pem', '--tls-key=k.pem']).tls).toEqual({
      certPath: 'c.pem',
      keyPath: 'k.pem',
    });
    const devServer = ['server', 'start-dev', '--tls-cert', 'c.pem', '--tls-key', 'k.pem', '--tls-client-ca', 'ca.pem'];
    expect(parseLauncherArgs(devServer).tls).toEqual({ certPath: 'c.pem', keyPath: 'k.pem', clientCaPath: 'ca.pem' });
  });

  it.each([
    [[]],
    [['1', '--tls-cert', 'c.pem']],
    [['server', 'start-dev', '--tls-key', 'k.pem', '--tls-client-ca', 'ca.pem']],
    [['--port', '1']],
    [['not-a-port']],
    [['70000']],
    [['1', '--start-time', 'yesterday']],
    [['1', '--bogus']],
    [['server', 'start-dev', '--search-attribute', 'X=Nope']],
    [['server', 'start-dev', '--port']],
  ])('rejects %j with a usage error', (argv) => {
    expect(() => parseLauncherArgs(argv)).toThrow(LauncherArgsError);
  });
});
