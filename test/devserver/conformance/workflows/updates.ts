import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

/** Scenario 5 (spec 2.8): updates that complete at once, wait, get rejected or outlive the run. */
export const setValueUpdate = defineUpdate<string, [string]>('setValue');
export const waitForReleaseUpdate = defineUpdate<string, [string]>('waitForRelease');
export const releaseSignal = defineSignal('release');
export const finishSignal = defineSignal('finish');

export async function updatable(): Promise<string[]> {
  const values: string[] = [];
  let released = false;
  let finished = false;
  setHandler(
    setValueUpdate,
    (value) => {
      values.push(value);
      return `set ${value}`;
    },
    {
      validator: (value) => {
        if (value === '') throw new Error('value must not be empty');
      },
    },
  );
  setHandler(waitForReleaseUpdate, async (label) => {
    await condition(() => released);
    values.push(label);
    return `released ${label}`;
  });
  setHandler(releaseSignal, () => {
    released = true;
  });
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
  return values;
}
