import type { Connection } from '@temporalio/client';
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
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
}
