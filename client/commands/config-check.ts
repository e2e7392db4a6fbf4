import type { Command } from 'commander';
import { stringify } from 'yaml';
import { ConfigError } from '../../config/config';
import { redactConfig } from '../../config/redact';
import { formatDuration } from '../../domain/duration';
import { configFor } from '../context';
import { EXIT } from '../exit-codes';

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
          : `# configuration OK: ${effective.source}\n${stringify(humanDurations(effective))}`;
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
