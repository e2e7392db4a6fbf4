import { type Sinks, defineSignal } from '@temporalio/workflow';

export const nudgeSignal = defineSignal('nudge');

/** How the workflow code tells the test process where it is (sinks run in the worker, outside the sandbox). */
export interface ProgressSinks extends Sinks {
  progress: {
    /** The buggy workflow is about to throw (called once per workflow-task attempt). */
    failing(): void;
    /** The reshaped workflow's first version reached its wait. */
    waiting(): void;
  };
}
