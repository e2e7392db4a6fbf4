import type { Palette } from './colour';
import type { TextSink } from './terminal';

export interface ProgressOptions {
  readonly label: string;
  readonly style: Palette;
  /** Bar width in characters on a terminal (default 30). */
  readonly barWidth?: number;
  /** Least time between two outputs: redraws on a terminal (default 100 ms), lines elsewhere (default 1 s). */
  readonly minIntervalMs?: number;
  readonly now?: () => number;
}

export interface Progress {
  /** Reports `done` of `total`; `detail` is a short trailing note ("paused", "1,234 skipped"). */
  readonly update: (done: number, total: number, detail?: string) => void;
  /** Draws the final state (always, whatever the throttle) and ends the line. */
  readonly finish: (detail?: string) => void;
}

/**
 * A progress bar for long operations. On a terminal it redraws one line in place; anywhere else (a pipe, a CI log)
 * it prints a plain line whenever the figures change, at most once per interval, so logs stay readable.
 */
export function progressBar(sink: TextSink, options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const interval = options.minIntervalMs ?? (sink.isTTY ? 100 : 1000);
  let lastAt = -Infinity;
  let lastText = '';
  let state = { done: 0, total: 0, detail: undefined as string | undefined };

  const draw = (force: boolean): void => {
    const text = sink.isTTY ? barLine(options, state) : plainLine(options.label, state);
    if (text === lastText) return;
    if (!force && now() - lastAt < interval) return;
    lastAt = now();
    lastText = text;
    sink.write(sink.isTTY ? `\r\u001b[2K${text}` : `${text}\n`);
  };

  return {
    update: (done, total, detail) => {
      state = { done, total, detail };
      draw(false);
    },
    finish: (detail) => {
      if (detail !== undefined) state = { ...state, detail };
      draw(true);
      if (sink.isTTY) sink.write('\n');
    },
  };
}

interface ProgressState {
  readonly done: number;
  readonly total: number;
  readonly detail: string | undefined;
}

function ratio({ done, total }: ProgressState): number {
  return total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
}

function figures(state: ProgressState): string {
  const percent = `${Math.floor(ratio(state) * 100)}%`.padStart(4);
  const counts = `${state.done.toLocaleString('en-US')}/${state.total.toLocaleString('en-US')}`;
  return `${percent}  ${counts}${state.detail ? `  ${state.detail}` : ''}`;
}

function barLine(options: ProgressOptions, state: ProgressState): string {
  const width = options.barWidth ?? 30;
  const filled = Math.round(ratio(state) * width);
  const bar = options.style.green('█'.repeat(filled)) + options.style.dim('░'.repeat(width - filled));
  return `${options.label} ${bar} ${figures(state)}`;
}

function plainLine(label: string, state: ProgressState): string {
  return `${label}: ${figures(state).trimStart()}`;
}
