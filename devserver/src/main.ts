import { LauncherArgsError, parseLauncherArgs } from './cli/launcher-args';
import { createTemporalLite } from './temporal-lite-server';

/** Process entry of `devserver/bin/temporal-lite`. */
async function main(argv: readonly string[]): Promise<void> {
  const options = parseLauncherArgs(argv);
  const server = createTemporalLite({
    clockMode: options.clockMode,
    startTimeMs: options.startTimeMs,
    engine: {
      namespaces: options.namespaces,
      searchAttributes: options.searchAttributes,
      ...(options.updatePollMs ? { updatePollMs: options.updatePollMs } : {}),
    },
  });
  const port = await server.listen(options.host, options.port);
  if (options.logLevel === 'debug' || options.logLevel === 'info') {
    console.error(`temporal-lite ${options.form} listening on ${options.host}:${port} (clock: ${options.clockMode})`);
  }
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // Handlers and timers are already guarded; this is the last line of defence for a long-lived test server.
  process.on('uncaughtException', (error) => console.error('temporal-lite: uncaught exception', error));
  process.on('unhandledRejection', (error) => console.error('temporal-lite: unhandled rejection', error));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof LauncherArgsError ? error.message : error);
  process.exit(error instanceof LauncherArgsError ? 2 : 1);
});
