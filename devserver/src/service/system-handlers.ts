import { type Engine } from '../engine/engine';
import { type ServiceHandlers } from '../grpc/server';
import { msToDuration } from '../proto/time';
import { temporal } from '@temporalio/proto';

export const SERVER_VERSION = '1.24.0-temporal-lite';

/**
 * Capabilities advertised to the SDK: only what this server implements (each flag switches on client behaviour).
 * `sdk_metadata` matters most: without it Core never records SDK flags and replays may diverge.
 */
const CAPABILITIES: temporal.api.workflowservice.v1.GetSystemInfoResponse.ICapabilities = {
  signalAndQueryHeader: true,
  internalErrorDifferentiation: true,
  activityFailureIncludeHeartbeat: true,
  supportsSchedules: false,
  encodedFailureAttributes: true,
  buildIdBasedVersioning: false,
  upsertMemo: true,
  eagerWorkflowStart: false,
  sdkMetadata: true,
  countGroupByExecutionStatus: true,
  nexus: false,
};

export function systemHandlers(engine: Engine): ServiceHandlers {
  return {
    GetSystemInfo: () => ({ serverVersion: SERVER_VERSION, capabilities: CAPABILITIES }),
    DescribeNamespace(request: temporal.api.workflowservice.v1.IDescribeNamespaceRequest) {
      const ns = engine.namespace(request.namespace || undefined);
      return {
        namespaceInfo: {
          name: ns.name,
          id: ns.id,
          state: temporal.api.enums.v1.NamespaceState.NAMESPACE_STATE_REGISTERED,
          description: 'temporal-lite in-memory namespace',
          capabilities: {},
        },
        config: { workflowExecutionRetentionTtl: msToDuration(24 * 3600 * 1000) },
        isGlobalNamespace: false,
      };
    },
  };
}
