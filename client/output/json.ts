import type { TextSink } from './terminal';

/** `--json` for one document: indented, so a person can read it too, and a trailing newline. */
export function writeJson(sink: TextSink, value: unknown): void {
  sink.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** `--json` for streams and lists (`outbox --follow`): one compact object per line, so `jq` and `grep` work. */
export function writeJsonLine(sink: TextSink, value: unknown): void {
  sink.write(`${JSON.stringify(value)}\n`);
}
