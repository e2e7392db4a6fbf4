import { type Logger } from '@temporalio/common';

const ignore = (): void => undefined;

/** For the bundler, whose progress lines would otherwise interleave with jest's output. */
export const silentLogger: Logger = {
  log: ignore,
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
};
