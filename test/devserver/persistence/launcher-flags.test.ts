import { LauncherArgsError, parseLauncherArgs } from '../../../devserver/src/cli/launcher-args';

describe('--db-filename and --retention', () => {
  it('are read by the dev-server form, with a retention of 24 h by default', () => {
    const options = parseLauncherArgs(['server', 'start-dev', '--db-filename', '/data/temporal.db']);
    expect(options).toMatchObject({ dbFilename: '/data/temporal.db', retentionMs: 24 * 3_600_000 });
    expect(parseLauncherArgs(['server', 'start-dev', '--db-filename=/x.db', '--retention', '90m'])).toMatchObject({
      dbFilename: '/x.db',
      retentionMs: 90 * 60_000,
    });
  });

  it('stay in memory without the flag', () => {
    expect(parseLauncherArgs(['server', 'start-dev']).dbFilename).toBeUndefined();
  });

  it('refuse a malformed retention and persistence under time skipping (a virtual now means nothing later)', () => {
    expect(() => parseLauncherArgs(['server', 'start-dev', '--retention', 'forever'])).toThrow(LauncherArgsError);
    expect(() => parseLauncherArgs(['43027', '--db-filename', '/x.db'])).toThrow(/time skipping/);
  });
});
