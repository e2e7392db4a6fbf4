import { type ExecutionStatusName } from './types';

/** In the order of the proto enum, which is also the order of `GROUP BY ExecutionStatus` groups. */
export const executionStatusNames: readonly ExecutionStatusName[] = [
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
];

const byLowerCaseName = new Map(executionStatusNames.map((name) => [name.toLowerCase(), name]));

/** The canonical status name for a query literal (the real server accepts any letter case). */
export function parseExecutionStatus(text: string): ExecutionStatusName | undefined {
  return byLowerCaseName.get(text.toLowerCase());
}
