import type { WorkflowClient } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { DbOrTransaction } from '../db/database';
import type { ServiceKeys } from '../security/keys';
import type { EdgeMetrics } from './observability/edge-metrics';
import type { ConsentWrites } from './twilio/handle-inbound';

/** Everything the HTTP edge needs, built by the entry point and passed in: no globals. */
export interface ApiDeps {
  readonly db: DbOrTransaction;
  readonly workflows: WorkflowClient;
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Counters for `/metrics`; a fresh set when absent. */
  readonly metrics?: EdgeMetrics;
  /** The keys links and signatures are made and checked with (security/keys.ts). */
  readonly keys: ServiceKeys;
  /** The opt-out ledger STOP and START write to; the database's when absent (tests inject failures here). */
  readonly consent?: ConsentWrites;
}
