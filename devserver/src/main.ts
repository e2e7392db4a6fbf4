import { readFileSync } from 'node:fs';
import { LauncherArgsError, type LauncherOptions, parseLauncherArgs } from './cli/launcher-args';
import type { ServerTls } from './grpc/server-credentials';
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
    ...(options.dbFilename === undefined ? {} : { dbFilename: options.dbFilename, retentionMs: options.retentionMs }),
  });
  const port = await server.listen(options.host, options.port, readTls(options.tls));
  if (options.logLevel === 'debug' || options.logLevel === 'info') {
    const transport = options.tls ? (options.tls.clientCaPath ? 'mutual TLS' : 'TLS') : 'plaintext';
    const state = options.dbFilename === undefined ? 'in memory' : `state in ${options.dbFilename}`;
    console.error(
      `temporal-lite ${options.form} listening on ${options.host}:${port} (${transport}, clock: ${options.clockMode}, ${state})`,
    );
    const report = await server.recovered;
    if (report) {
      console.error(
        `temporal-lite recovered ${report.runs} runs (${report.openRuns} open) from ${report.records} records in ${report.ms} ms` +
          (report.droppedBytes ? `; dropped a torn tail of ${report.droppedBytes} bytes` : ''),
      );
    }
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

function readTls(paths: LauncherOptions['tls']): ServerTls | undefined {
  if (!paths) return undefined;
  return {
    certChain: readFileSync(paths.certPath),
    privateKey: readFileSync(paths.keyPath),
    ...(paths.clientCaPath === undefined ? {} : { clientCa: readFileSync(paths.clientCaPath) }),
  };
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof LauncherArgsError ? error.message : error);
  process.exit(error instanceof LauncherArgsError ? 2 : 1);
});
