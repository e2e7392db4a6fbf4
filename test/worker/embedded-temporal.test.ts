import { tmpdir } from 'node:os';
import { ConfigError } from '../../config/config';
import { chooseTemporal } from '../../worker/embedded/temporal-server';
import { freePort } from '../helpers/free-port';

/**
 * `notify start` starts a development Temporal (no authentication, every history readable) only on loopback: a
 * configured address elsewhere that does not answer is a configuration error, not a server to start there.
 */
describe('the embedded Temporal stays on loopback', () => {
  it.each(['0.0.0.0', '[::]', '192.0.2.1'])(
    'refuses to start one for %s, where nothing answers',
    async (host) => {
      const address = `${host}:${await freePort()}`;
      let started: Awaited<ReturnType<typeof chooseTemporal>> | undefined;
      try {
        started = await chooseTemporal(address, 'default', tmpdir(), '/etc/notify.yaml');
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).issues).toEqual([
          {
            path: 'temporal.address',
            message: expect.stringContaining('development server on loopback'),
            value: address,
          },
        ]);
        expect((err as ConfigError).message).toMatch(/^invalid configuration in \/etc\/notify\.yaml:/);
      } finally {
        await started?.stop();
      }
      expect(started).toBeUndefined();
    },
    30_000,
  );
});
