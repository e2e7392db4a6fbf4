import { type temporal } from '../proto/codec';
import { type Engine } from '../engine/engine';
import { type Run } from '../history/run';
import { type SearchAttributeRegistry } from '../namespace/search-attribute-registry';

type FailedCause = temporal.api.enums.v1.WorkflowTaskFailedCause;

/** State shared by the commands of one workflow-task completion. */
export interface CommandContext {
  readonly engine: Engine;
  readonly run: Run;
  readonly completedEventId: number;
  readonly identity: string;
  /** Protocol messages of the completion, by message id (PROTOCOL_MESSAGE commands reference them). */
  readonly messages: Map<string, temporal.api.protocol.v1.IMessage>;
  /** Work done once the completion is committed (child starts, signals and cancels to other runs). */
  readonly afterCommit: Array<() => void>;
  /** Set when a command requires another workflow task. */
  newTaskRequired: boolean;
}

/** Why a command is invalid: the task then fails with this cause and the completion gets INVALID_ARGUMENT. */
export interface CommandRejection {
  readonly cause: FailedCause;
  readonly message: string;
}

/** Ids introduced by earlier commands of the same completion (duplicates are rejected before anything is written). */
export interface ValidationScope {
  readonly run: Run;
  readonly registry: SearchAttributeRegistry;
  readonly activityIds: Set<string>;
  readonly timerIds: Set<string>;
}

export interface CommandHandler<A> {
  validate?(scope: ValidationScope, attributes: A): CommandRejection | undefined;
  apply(ctx: CommandContext, attributes: A, command: temporal.api.command.v1.ICommand): void;
}
