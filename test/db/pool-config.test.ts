import { poolConfig } from '../../db/postgres/pool';

describe('Postgres pool settings', () => {
  it('pin sessions to UTC and put the schema first on the search_path', () => {
    const config = poolConfig({ connectionString: 'postgres://u:p@db:5432/notify', schema: 'notify_app' });
    expect(config).toMatchObject({
      connectionString: 'postgres://u:p@db:5432/notify',
      max: 10,
      options: '-c TimeZone=UTC -c search_path=notify_app',
    });
  });

  it('keep startup options from the URL, which pg would otherwise let replace ours', () => {
    const config = poolConfig({
      connectionString: 'postgres://u:p%40ss@db/notify?sslmode=require&options=-c%20statement_timeout%3D5000',
      maxConnections: 3,
    });
    expect(config).toMatchObject({
      connectionString: 'postgres://u:p%40ss@db/notify?sslmode=require',
      max: 3,
      options: '-c statement_timeout=5000 -c TimeZone=UTC',
    });
  });

  it('parse bigint as a number, refusing values a number cannot hold', () => {
    const parse = poolConfig({ connectionString: 'postgres://db/notify' }).types?.getTypeParser(20, 'text') as (
      text: string,
    ) => unknown;
    expect(parse('42')).toBe(42);
    expect(() => parse('9007199254740993')).toThrow(RangeError);
  });
});
