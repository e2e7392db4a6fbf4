import type { Command } from 'commander';
import { Document, isMap, isNode } from 'yaml';
import { type Config, ConfigError } from '../../config/config';
import { redactConfig } from '../../config/redact';
import { formatDuration } from '../../domain/duration';
import { configFor } from '../context';
import { EXIT } from '../exit-codes';
import { temporalConnectionView } from '../views/temporal-connection-view';

export function register(program: Command): void {
  const config = program.command('config').description('inspect the configuration');
  config
    .command('check')
    .description('validate temporal.yaml and the environment; print the effective configuration (secrets masked)')
    .option('--json', 'print the configuration as JSON (durations in milliseconds)')
    .action((options: { json?: boolean }, command: Command) => {
      try {
        const effective = redactConfig(configFor(command));
        const text = options.json
          ? JSON.stringify(effective, null, 2)
          : `# configuration OK: ${effective.source}\n${readableYaml(effective)}`;
        process.stdout.write(`${text}\n`);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ source: err.source, issues: err.issues }, null, 2)}\n`);
        } else {
          process.stderr.write(`${err.message}\n`);
        }
        process.exitCode = EXIT.config;
      }
    });
}

/**
 * The configuration as YAML, with the Temporal connection spelled out (TLS on or off and what each unset setting
 * falls back to) and each of its settings followed by a comment saying where it came from.
 */
function readableYaml(effective: Config): string {
  const { source, temporal, ...rest } = effective;
  const connection = temporalConnectionView(temporal);
  const document = new Document({
    source,
    temporal: Object.fromEntries(connection.map(({ key, value }) => [key, value])),
    ...(humanDurations(rest) as object),
  });
  for (const { key, from } of connection) {
    const node: unknown = document.getIn(['temporal', key], true);
    if (from === undefined || !isNode(node)) continue;
    // A block map's trailing comment would land under its last entry; inline, it stays on the key's line.
    if (isMap(node)) node.flow = true;
    node.comment = ` from ${from}`;
  }
  return document.toString();
}

/** `thresholdMs: 172800000` reads better as `threshold: 2d` for a person at a terminal. */
function humanDurations(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(humanDurations);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) =>
      key.endsWith('Ms') ? [key.slice(0, -2), formatDurations(child)] : [key, humanDurations(child)],
    ),
  );
}

/** A duration, or a map of names to durations (per-priority SLAs, per-carrier thresholds). */
function formatDurations(value: unknown): unknown {
  if (typeof value === 'number') return formatDuration(value);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, formatDurations(v)]));
}
