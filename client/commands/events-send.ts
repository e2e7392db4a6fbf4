import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type * as PostEvents from '../../api/client/post-events';
import type * as RouteDirectly from '../../api/client/route-events-directly';
import { clientSigningSecret } from '../../worker/service-secret';
import { configFor } from '../context';
import { postEventsWithProgress } from '../events/post-with-progress';
import { shiftToNow } from '../events/shift-to-now';
import { palette } from '../output/colour';
import { progressBar } from '../output/progress';
import { processTerminal, wantsColour } from '../output/terminal';

interface SendOptions {
  readonly url?: string;
  readonly direct?: boolean;
  readonly batch: string;
  readonly now?: boolean;
}

export function register(program: Command): void {
  const events = program.commands.find((c) => c.name() === 'events') ?? program.command('events').description('events');
  events
    .command('send')
    .argument('<file>', 'JSONL file of events, one envelope per line; - reads standard input')
    .description('sign and POST events to the API (or --direct through the Temporal client), reporting each line')
    .option('--url <url>', 'API base URL (default: the configured public URL)')
    .option('--direct', 'validate and route in this process with a Temporal client instead of calling the API')
    .option('--batch <n>', 'events per request', '100')
    .option('--now', 'shift every timestamp by one amount so that the first event happens now (replay a trace live)')
    .action(async (file: string, options: SendOptions, command: Command) => {
      const config = configFor(command);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const post = require('../../api/client/post-events') as typeof PostEvents;
      const read = post.readJsonl(readFileSync(file === '-' ? 0 : file, 'utf8'));
      const { unreadable } = read;
      const lines = options.now ? shiftToNow(read.lines, new Date()) : read.lines;
      let reports;
      if (options.direct) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const direct = require('../../api/client/route-events-directly') as typeof RouteDirectly;
        reports = await direct.routeEventsDirectly(config, lines);
      } else {
        // Unset in development: the secret `notify start` generated in the data directory, if it did.
        const secret = clientSigningSecret(config);
        if (!secret) {
          throw new Error(
            'NOTIFY_INGEST_SECRET must be set to sign events (or run `notify start` once, which keeps a ' +
              'development secret in the data directory; or use --direct)',
          );
        }
        const batchSize = Number(options.batch);
        if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > config.api.maxEventsPerRequest) {
          throw new Error(`--batch must be a whole number from 1 to ${config.api.maxEventsPerRequest}`);
        }
        const postOptions = {
          apiUrl: options.url ?? config.api.publicUrl,
          secret,
          batchSize,
          fetch: globalThis.fetch,
          now: () => new Date(),
        };
        // A large import on a terminal gets a progress bar (on stderr, so stdout stays the per-line report).
        const terminal = processTerminal();
        reports =
          terminal.err.isTTY && lines.length > batchSize
            ? await postEventsWithProgress(
                post.postEvents,
                postOptions,
                lines,
                progressBar(terminal.err, { label: 'sending', style: palette(wantsColour(terminal.err, process.env)) }),
              )
            : await post.postEvents(postOptions, lines);
      }
      const all = [...unreadable, ...reports].sort((a, b) => a.line - b.line);
      for (const report of all) process.stdout.write(`${post.formatReport(report)}\n`);
      const rejected = all.filter((r) => r.status === 'rejected').length;
      process.stderr.write(
        `${all.length} lines: ${all.filter((r) => r.status === 'accepted').length} accepted, ` +
          `${all.filter((r) => r.status === 'duplicate').length} duplicate, ${rejected} rejected\n`,
      );
      if (rejected > 0) process.exitCode = 1;
    });
}
