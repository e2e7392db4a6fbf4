import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config';
import type { Database } from '../../db/database';
import { getCampaign, createCampaign as storeCampaign } from '../../db/repositories/campaigns';
import { recipientTally } from '../../db/repositories/campaign-recipients';
import type { CampaignRow } from '../../db/tables/campaigns';
import { tallyOf } from '../../domain/campaign/counts';
import { CAMPAIGN_ID } from '../../workflows/search-attributes';
import {
  type CampaignDefinition,
  type CampaignDefinitionInput,
  campaignDefinitionSchema,
} from '../../domain/campaign/definition';
import {
  cancelSignal,
  CAMPAIGN_WORKFLOW_TYPE,
  type CampaignInput,
  type CampaignProgress,
  type CampaignTuning,
  campaignWorkflowId,
  pauseSignal,
  progressQuery,
  resumeSignal,
} from '../../workflows/campaign/contract';
import { previewAudience } from './preview';

/**
 * What the `notify campaign …` commands do, as plain functions over explicit dependencies, so tests call them
 * directly and the CLI stays a thin shell. Every operation is safe to run again after a crash or a kill.
 */

export interface CampaignOperationsContext {
  readonly db: Kysely<Database>;
  /** Needed by start, pause, resume, cancel and status; create, preview and list work without Temporal. */
  readonly client?: Pick<Client, 'workflow'>;
  readonly config: Config;
  /** Defaults to the wall clock. */
  readonly now?: () => Date;
}

export interface StoredCampaign {
  readonly row: CampaignRow;
  readonly definition: CampaignDefinition;
  /** False when the id was already stored (a re-run): the stored campaign stands, the new input is ignored. */
  readonly created: boolean;
}

export interface MessageSample {
  readonly variant: string;
  readonly locale: string;
  readonly channel: 'sms' | 'email';
  readonly sms: string;
  readonly smsSegments: number;
  readonly smsEncoding: 'GSM-7' | 'UCS-2';
  readonly emailSubject: string;
}

export interface CampaignPreview {
  readonly audienceCount: number;
  readonly holdoutCount: number;
  /** Recipients per variant (after the hold-out; before consent, opt-out and caps, which are checked at send). */
  readonly perVariant: Readonly<Record<string, number>>;
  /** Audience per locale of the copy they will read. */
  readonly perLocale: Readonly<Record<string, number>>;
  /** One rendered sample per variant × locale in the audience (sample names, not real customers'). */
  readonly samples: readonly MessageSample[];
  /** Sum over non-hold-out recipients of their variant × locale's SMS segments (as if every one went by SMS). */
  readonly estimatedSegmentsTotal: number;
  /** Seconds to send to every non-hold-out recipient at the configured pace (send windows not counted). */
  readonly estimatedDurationSeconds: number;
}

export type CreateResult =
  | ({ readonly dryRun: false } & StoredCampaign)
  | { readonly dryRun: true; readonly definition: CampaignDefinition; readonly preview: CampaignPreview };

export interface StartResult {
  readonly workflowId: string;
  readonly runId: string;
  /** False when the workflow was already running or had already run (a re-run is a success, never a second run). */
  readonly started: boolean;
}

export interface CampaignListEntry {
  readonly id: string;
  readonly name: string;
  readonly status: CampaignRow['status'];
  readonly createdAt: string;
  readonly startsAt: string | null;
  readonly counts: {
    readonly pending: number;
    readonly sent: number;
    readonly skipped: number;
    readonly failed: number;
  };
}

/** Thrown for operator mistakes (unknown id, invalid definition); the CLI prints the message without a stack. */
export class CampaignOperationError extends Error {
  constructor(
    readonly code: 'invalid_definition' | 'not_found' | 'not_started' | 'no_temporal',
    message: string,
  ) {
    super(message);
    this.name = 'CampaignOperationError';
  }
}

/** Validates and stores a campaign (idempotent by id); with `dryRun`, stores nothing and returns the preview. */
export async function createCampaign(
  ctx: CampaignOperationsContext,
  input: CampaignDefinitionInput,
  options: { readonly dryRun: boolean },
): Promise<CreateResult> {
  const definition = parseDefinition(input);
  if (options.dryRun) return { dryRun: true, definition, preview: await previewAudience(ctx, definition) };
  const { campaign, created } = await storeCampaign(ctx.db, {
    id: definition.id,
    name: definition.name,
    template: 'campaign',
    messageClass: definition.messageClass,
    channel: definition.channel,
    definition: definition,
    dryRun: false,
    startsAt: definition.startsAt ? new Date(definition.startsAt) : null,
    at: now(ctx),
  });
  const stored = created ? definition : parseDefinition(campaign.definition as CampaignDefinitionInput);
  return { dryRun: false, row: campaign, definition: stored, created };
}

/** Who would get what: counts, hold-out, per-variant shares, rendered samples with SMS segments, duration at pace. */
export function previewCampaign(
  ctx: CampaignOperationsContext,
  input: CampaignDefinitionInput,
): Promise<CampaignPreview> {
  return previewAudience(ctx, parseDefinition(input));
}

/**
 * Starts `campaign:<id>` for a stored campaign. Already running, or already run to completion, is success with
 * `started` false: a CLI killed mid-start, or run twice, never starts a second campaign. A run that failed or was
 * terminated may be started again; it resumes from the stored recipients and sends nothing twice.
 */
export async function startCampaign(
  ctx: CampaignOperationsContext,
  campaignId: string,
  options: { readonly tuning?: CampaignTuning } = {},
): Promise<StartResult> {
  const client = requireClient(ctx);
  const row = await requireCampaign(ctx, campaignId);
  const workflowId = campaignWorkflowId(row.id);
  const args: [CampaignInput] = [{ campaignId: row.id, ...(options.tuning ? { tuning: options.tuning } : {}) }];
  try {
    const handle = await client.workflow.start(CAMPAIGN_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: ctx.config.temporal.taskQueue,
      args,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      typedSearchAttributes: [{ key: CAMPAIGN_ID, value: row.id }],
      staticSummary: `campaign ${row.id}: ${row.name}`,
    });
    return { workflowId, runId: handle.firstExecutionRunId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      const description = await client.workflow.getHandle(workflowId).describe();
      return { workflowId, runId: description.runId, started: false };
    }
    throw err;
  }
}

export async function pauseCampaign(ctx: CampaignOperationsContext, campaignId: string): Promise<void> {
  await signal(ctx, campaignId, pauseSignal);
}

export async function resumeCampaign(ctx: CampaignOperationsContext, campaignId: string): Promise<void> {
  await signal(ctx, campaignId, resumeSignal);
}

/** Stops for good; the database says `cancelled` once the workflow has stopped between batches. */
export async function cancelCampaign(ctx: CampaignOperationsContext, campaignId: string): Promise<void> {
  await signal(ctx, campaignId, cancelSignal);
}

/** The workflow's `progress` query; from the database's counts when the workflow is closed or was never started. */
export async function campaignStatus(ctx: CampaignOperationsContext, campaignId: string): Promise<CampaignProgress> {
  const row = await requireCampaign(ctx, campaignId);
  if (ctx.client) {
    try {
      const handle = ctx.client.workflow.getHandle(campaignWorkflowId(row.id));
      const description = await handle.describe();
      if (description.status.name === 'RUNNING') return await handle.query(progressQuery);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return progressFromDatabase(ctx, row);
}

/** Every stored campaign, newest first, with recipient counts per status. */
export async function listCampaigns(ctx: CampaignOperationsContext): Promise<readonly CampaignListEntry[]> {
  const rows = await ctx.db.selectFrom('campaigns').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
  const counts = await ctx.db
    .selectFrom('campaign_recipients')
    .select((eb) => ['campaign_id', 'status', eb.fn.countAll<number>().as('count')])
    .groupBy(['campaign_id', 'status'])
    .execute();
  return rows.map((row) => {
    const mine = counts.filter((c) => c.campaign_id === row.id);
    const of = (status: string) => Number(mine.find((c) => c.status === status)?.count ?? 0);
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      createdAt: row.created_at.toISOString(),
      startsAt: row.starts_at?.toISOString() ?? null,
      counts: { pending: of('pending'), sent: of('sent'), skipped: of('skipped'), failed: of('failed') },
    };
  });
}

async function progressFromDatabase(ctx: CampaignOperationsContext, row: CampaignRow): Promise<CampaignProgress> {
  const tally = tallyOf(await recipientTally(ctx.db, row.id));
  const definition = row.definition as { pacing?: { messagesPerSecond?: number } };
  const closed = row.status === 'completed' || row.status === 'cancelled';
  return {
    campaignId: row.id,
    status: row.status,
    audienceComplete: closed,
    counts: tally.counts,
    sentByVariant: tally.sentByVariant,
    rate: { configured: definition.pacing?.messagesPerSecond ?? 0, achieved: null },
    startedAt: null,
    finishedAt: closed ? row.updated_at.toISOString() : null,
    nextSendAt: null,
  };
}

function parseDefinition(input: CampaignDefinitionInput): CampaignDefinition {
  const parsed = campaignDefinitionSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(definition)'}: ${i.message}`);
  throw new CampaignOperationError('invalid_definition', `invalid campaign definition:\n${issues.join('\n')}`);
}

async function requireCampaign(ctx: CampaignOperationsContext, campaignId: string): Promise<CampaignRow> {
  const row = await getCampaign(ctx.db, campaignId);
  if (!row) throw new CampaignOperationError('not_found', `no campaign with id ${campaignId} (create it first)`);
  return row;
}

function requireClient(ctx: CampaignOperationsContext): Pick<Client, 'workflow'> {
  if (!ctx.client) throw new CampaignOperationError('no_temporal', 'this operation needs a Temporal connection');
  return ctx.client;
}

async function signal(
  ctx: CampaignOperationsContext,
  campaignId: string,
  which: typeof pauseSignal | typeof resumeSignal | typeof cancelSignal,
): Promise<void> {
  const client = requireClient(ctx);
  const row = await requireCampaign(ctx, campaignId);
  try {
    await client.workflow.getHandle(campaignWorkflowId(row.id)).signal(which);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      throw new CampaignOperationError('not_started', `campaign ${campaignId} is not running (start it first)`);
    }
    throw err;
  }
}

function now(ctx: CampaignOperationsContext): Date {
  return ctx.now ? ctx.now() : new Date();
}
