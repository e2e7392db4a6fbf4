import { temporal } from '@temporalio/proto';
import { EventType } from '../history/event-types';
import { mergePayloadMap, typedSearchAttributes } from '../namespace/search-attribute-payloads';
import { type CommandHandler } from './command-context';

const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;
type Payload = temporal.api.common.v1.IPayload;

/** Markers (patches, local-activity results) are copied verbatim: replay reads them back byte for byte. */
export const recordMarker: CommandHandler<temporal.api.command.v1.IRecordMarkerCommandAttributes> = {
  validate(_scope, attributes) {
    if (!attributes.markerName) {
      return {
        cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES,
        message: 'MarkerName is not set on RecordMarkerCommand.',
      };
    }
    return undefined;
  },
  apply(ctx, attributes, command) {
    ctx.run.append(
      EventType.EVENT_TYPE_MARKER_RECORDED,
      {
        markerName: attributes.markerName,
        details: attributes.details,
        header: attributes.header,
        failure: attributes.failure,
        workflowTaskCompletedEventId: ctx.completedEventId,
      },
      ctx.engine.now(),
      command.userMetadata ? { userMetadata: command.userMetadata } : {},
    );
  },
};

export const upsertWorkflowSearchAttributes: CommandHandler<temporal.api.command.v1.IUpsertWorkflowSearchAttributesCommandAttributes> =
  {
    validate(scope, attributes) {
      for (const name of Object.keys(attributes.searchAttributes?.indexedFields ?? {})) {
        if (scope.registry.typeOf(name) === undefined) {
          return {
            cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES,
            message: `search attribute ${name} is not defined`,
          };
        }
      }
      return undefined;
    },
    apply(ctx, attributes) {
      const { engine, run } = ctx;
      const typed = typedSearchAttributes(
        engine.namespace(run.namespace).searchAttributes,
        attributes.searchAttributes?.indexedFields,
      );
      run.append(
        EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
        { searchAttributes: { indexedFields: typed }, workflowTaskCompletedEventId: ctx.completedEventId },
        engine.now(),
      );
      run.searchAttributes = mergePayloadMap(run.searchAttributes, typed);
    },
  };

export const modifyWorkflowProperties: CommandHandler<temporal.api.command.v1.IModifyWorkflowPropertiesCommandAttributes> =
  {
    apply(ctx, attributes) {
      const fields = (attributes.upsertedMemo?.fields ?? {}) as Record<string, Payload>;
      ctx.run.append(
        EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
        { upsertedMemo: { fields }, workflowTaskCompletedEventId: ctx.completedEventId },
        ctx.engine.now(),
      );
      ctx.run.memo = mergePayloadMap(ctx.run.memo, fields);
    },
  };
