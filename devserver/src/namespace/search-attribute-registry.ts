import { temporal } from '@temporalio/proto';
import { type SearchAttributeKind } from '../visibility';

export const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
export type IndexedValueType = temporal.api.enums.v1.IndexedValueType;

const KIND_BY_TYPE: ReadonlyMap<IndexedValueType, SearchAttributeKind> = new Map([
  [IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD, 'Keyword'],
  [IndexedValueType.INDEXED_VALUE_TYPE_TEXT, 'Text'],
  [IndexedValueType.INDEXED_VALUE_TYPE_INT, 'Int'],
  [IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE, 'Double'],
  [IndexedValueType.INDEXED_VALUE_TYPE_BOOL, 'Bool'],
  [IndexedValueType.INDEXED_VALUE_TYPE_DATETIME, 'Datetime'],
  [IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST, 'KeywordList'],
]);

export function kindOf(type: IndexedValueType): SearchAttributeKind | undefined {
  return KIND_BY_TYPE.get(type);
}

/** `Keyword` (case-insensitive, as `--search-attribute Name=Type` spells it) → the proto enum. */
export function parseIndexedValueType(name: string): IndexedValueType | undefined {
  for (const [type, kind] of KIND_BY_TYPE) if (kind.toLowerCase() === name.toLowerCase()) return type;
  return undefined;
}

const SYSTEM_ATTRIBUTES: ReadonlyArray<[string, IndexedValueType]> = [
  ['WorkflowId', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['RunId', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['WorkflowType', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['ExecutionStatus', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['StartTime', IndexedValueType.INDEXED_VALUE_TYPE_DATETIME],
  ['CloseTime', IndexedValueType.INDEXED_VALUE_TYPE_DATETIME],
  ['ExecutionTime', IndexedValueType.INDEXED_VALUE_TYPE_DATETIME],
  ['ExecutionDuration', IndexedValueType.INDEXED_VALUE_TYPE_INT],
  ['HistoryLength', IndexedValueType.INDEXED_VALUE_TYPE_INT],
  ['HistorySizeBytes', IndexedValueType.INDEXED_VALUE_TYPE_INT],
  ['TaskQueue', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['TemporalChangeVersion', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST],
  ['BinaryChecksums', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST],
  ['BuildIds', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST],
  ['BatcherUser', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['TemporalScheduledStartTime', IndexedValueType.INDEXED_VALUE_TYPE_DATETIME],
  ['TemporalScheduledById', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['TemporalSchedulePaused', IndexedValueType.INDEXED_VALUE_TYPE_BOOL],
  ['TemporalNamespaceDivision', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['StateTransitionCount', IndexedValueType.INDEXED_VALUE_TYPE_INT],
  ['ParentWorkflowId', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['ParentRunId', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['RootWorkflowId', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['RootRunId', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['TemporalPauseInfo', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST],
  ['TemporalWorkerDeploymentVersion', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['TemporalWorkflowVersioningBehavior', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['TemporalWorkerDeployment', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
];

// Pre-registered like the Java test server; the SDK's test helpers expect them.
const DEFAULT_CUSTOM_ATTRIBUTES: ReadonlyArray<[string, IndexedValueType]> = [
  ['CustomKeywordField', IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD],
  ['CustomStringField', IndexedValueType.INDEXED_VALUE_TYPE_TEXT],
  ['CustomTextField', IndexedValueType.INDEXED_VALUE_TYPE_TEXT],
  ['CustomIntField', IndexedValueType.INDEXED_VALUE_TYPE_INT],
  ['CustomDoubleField', IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE],
  ['CustomBoolField', IndexedValueType.INDEXED_VALUE_TYPE_BOOL],
  ['CustomDatetimeField', IndexedValueType.INDEXED_VALUE_TYPE_DATETIME],
];

/** The search attributes a namespace knows: fixed system ones plus registered custom ones. */
export class SearchAttributeRegistry {
  readonly system = new Map<string, IndexedValueType>(SYSTEM_ATTRIBUTES);
  readonly custom = new Map<string, IndexedValueType>(DEFAULT_CUSTOM_ATTRIBUTES);

  typeOf(name: string): IndexedValueType | undefined {
    return this.custom.get(name) ?? this.system.get(name);
  }

  /** Name → kind for every attribute, as the visibility query compiler needs it. */
  kinds(): Map<string, SearchAttributeKind> {
    const result = new Map<string, SearchAttributeKind>();
    for (const [name, type] of [...this.system, ...this.custom]) {
      const kind = kindOf(type);
      if (kind) result.set(name, kind);
    }
    return result;
  }
}
