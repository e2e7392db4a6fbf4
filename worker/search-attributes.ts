import { status as grpcStatus } from '@grpc/grpc-js';
import { type Connection, isGrpcServiceError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NOTIFY_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

/**
 * Registers the search attributes SREs find workflows by (architecture.md 7). Idempotent: attributes that already
 * exist are left alone, so every worker can call this at start-up.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = NOTIFY_SEARCH_ATTRIBUTES.filter((key) => !(key.name in (customAttributes ?? {})));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
      ),
    });
  } catch (err) {
    if (!isGrpcServiceError(err) || !REFUSALS.has(err.code)) throw err;
    // Temporal Cloud and locked-down clusters keep namespace changes to their own tools (tcld, the UI, an admin).
    const names = missing.map((key) => key.name).join(', ');
    throw new Error(
      `Temporal refused to add the search attributes ${names} to namespace ${namespace} (${err.details}); ` +
        "add them as Keyword attributes with the cluster's own tools (Temporal Cloud: tcld or the web UI), then start again",
      { cause: err },
    );
  }
}

/** What a server says when this caller may not change the namespace's search attributes. */
const REFUSALS = new Set<number>([grpcStatus.PERMISSION_DENIED, grpcStatus.UNIMPLEMENTED, grpcStatus.UNAUTHENTICATED]);
