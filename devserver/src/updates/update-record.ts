import { type temporal } from '../proto/codec';

export type UpdateStage = 'admitted' | 'delivered' | 'accepted' | 'completed';

/** One workflow update within a run; deduplicated by update id. */
export interface UpdateRecord {
  readonly updateId: string;
  readonly request: temporal.api.update.v1.IRequest;
  stage: UpdateStage;
  outcome?: temporal.api.update.v1.IOutcome;
  acceptedEventId?: number;
  /** Woken whenever the stage changes. */
  readonly listeners: Set<() => void>;
}
