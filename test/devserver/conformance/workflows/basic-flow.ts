import {
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';

/** Scenario 2 (spec 6.1): activity → timer → legacy query → update → signal → result. */
export interface BasicFlowActivities {
  greet(name: string): Promise<string>;
}

export interface BasicFlowResult {
  greeting: string;
  approvedBy: string;
  notes: string[];
  /** Virtual milliseconds the one-day timer took, as the workflow saw them. */
  timerElapsedMs: number;
}

export const stageQuery = defineQuery<string>('stage');
export const approveSignal = defineSignal<[string]>('approve');
export const addNoteUpdate = defineUpdate<number, [string]>('addNote');

const { greet } = proxyActivities<BasicFlowActivities>({ startToCloseTimeout: '10 seconds' });

export async function basicFlow(name: string): Promise<BasicFlowResult> {
  let stage = 'started';
  let approvedBy: string | undefined;
  const notes: string[] = [];
  setHandler(stageQuery, () => stage);
  setHandler(approveSignal, (by) => {
    approvedBy = by;
  });
  setHandler(addNoteUpdate, (note) => notes.push(note));

  stage = 'activity';
  const greeting = await greet(name);
  stage = 'timer';
  const timerStart = Date.now();
  await sleep('1 day');
  const timerElapsedMs = Date.now() - timerStart;
  stage = 'waiting-for-approval';
  await condition(() => approvedBy !== undefined);
  return { greeting, approvedBy: approvedBy ?? '', notes, timerElapsedMs };
}
