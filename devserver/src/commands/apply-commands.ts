import { temporal } from '@temporalio/proto';
import { cancelTimer, startTimer } from './timer-commands';
import { requestCancelActivityTask, scheduleActivityTask } from './activity-commands';
import { startChildWorkflowExecution } from './child-commands';
import {
  cancelWorkflowExecution,
  completeWorkflowExecution,
  continueAsNewWorkflowExecution,
  failWorkflowExecution,
} from './close-commands';
import {
  type CommandContext,
  type CommandHandler,
  type CommandRejection,
  type ValidationScope,
} from './command-context';
import { requestCancelExternalWorkflowExecution, signalExternalWorkflowExecution } from './external-commands';
import { modifyWorkflowProperties, recordMarker, upsertWorkflowSearchAttributes } from './property-commands';
import { protocolMessage } from './protocol-message-command';

const CommandType = temporal.api.enums.v1.CommandType;
type Command = temporal.api.command.v1.ICommand;

/** Handler and the name of the command's attributes oneof member, per command type. */
const HANDLERS = new Map<temporal.api.enums.v1.CommandType, [string, CommandHandler<never>]>([
  [CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK, ['scheduleActivityTaskCommandAttributes', scheduleActivityTask]],
  [
    CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK,
    ['requestCancelActivityTaskCommandAttributes', requestCancelActivityTask],
  ],
  [CommandType.COMMAND_TYPE_START_TIMER, ['startTimerCommandAttributes', startTimer]],
  [CommandType.COMMAND_TYPE_CANCEL_TIMER, ['cancelTimerCommandAttributes', cancelTimer]],
  [
    CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
    ['completeWorkflowExecutionCommandAttributes', completeWorkflowExecution],
  ],
  [CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION, ['failWorkflowExecutionCommandAttributes', failWorkflowExecution]],
  [
    CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
    ['cancelWorkflowExecutionCommandAttributes', cancelWorkflowExecution],
  ],
  [
    CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
    ['continueAsNewWorkflowExecutionCommandAttributes', continueAsNewWorkflowExecution],
  ],
  [CommandType.COMMAND_TYPE_RECORD_MARKER, ['recordMarkerCommandAttributes', recordMarker]],
  [
    CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
    ['upsertWorkflowSearchAttributesCommandAttributes', upsertWorkflowSearchAttributes],
  ],
  [
    CommandType.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES,
    ['modifyWorkflowPropertiesCommandAttributes', modifyWorkflowProperties],
  ],
  [
    CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION,
    ['startChildWorkflowExecutionCommandAttributes', startChildWorkflowExecution],
  ],
  [
    CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION,
    ['signalExternalWorkflowExecutionCommandAttributes', signalExternalWorkflowExecution],
  ],
  [
    CommandType.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION,
    ['requestCancelExternalWorkflowExecutionCommandAttributes', requestCancelExternalWorkflowExecution],
  ],
  [CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE, ['protocolMessageCommandAttributes', protocolMessage]],
]);

const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;

function handlerFor(command: Command): [CommandHandler<unknown>, unknown] | undefined {
  const entry = HANDLERS.get(command.commandType ?? CommandType.COMMAND_TYPE_UNSPECIFIED);
  if (!entry) return undefined;
  const [key, handler] = entry;
  return [handler, (command as Record<string, unknown>)[key] ?? {}];
}

/** Checks every command before anything is written, so an invalid completion leaves no partial history. */
export function validateCommands(scope: ValidationScope, commands: readonly Command[]): CommandRejection | undefined {
  for (const command of commands) {
    const entry = handlerFor(command);
    if (!entry) {
      return {
        cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
        message: `Unsupported command type ${String(command.commandType)}.`,
      };
    }
    const [handler, attributes] = entry;
    const rejection = handler.validate?.(scope, attributes);
    if (rejection) return rejection;
  }
  return undefined;
}

/** Translates the commands, in order, into events right after `WorkflowTaskCompleted`. */
export function applyCommands(ctx: CommandContext, commands: readonly Command[]): void {
  for (const command of commands) {
    if (!ctx.run.isOpen) return;
    const entry = handlerFor(command);
    if (!entry) continue;
    const [handler, attributes] = entry;
    handler.apply(ctx, attributes, command);
  }
}
