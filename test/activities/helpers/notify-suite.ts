import { createActivities, type NotifyActivities } from '../../../activities';
import type { NotifyInput } from '../../../domain/activity-contract';
import type { RecordedRequest } from '../../fakes/twilio-fake';
import { type Backend, openTestDatabase, type TestDatabase } from '../../db/helpers/backends';
import { ActivityRunner } from './activity-context';
import { type TestChannels, startTestChannels } from './channels';
import { ManualClock } from './clock';
import { activityDeps, SHIPPED_POLICY } from './deps';
import { seedCustomer, seedShippedOrder, type ShippedOrder } from './seed';

/** The stall notice for order o-1001, the input most notify tests start from. */
export const STALL_NOTICE: NotifyInput = {
  key: 'order:o-1001/shipment.stalled/1',
  workflowId: 'order:o-1001',
  purpose: 'shipment.stalled',
  customerId: 'c-1',
  context: { orderId: 'o-1001', shipmentId: 's-1001' },
  replyWindowMs: SHIPPED_POLICY.stall.replyWindowMs,
};

/** What a notify test works with; fresh for every test (a cleared database, a new clock and new fake providers). */
export interface NotifySuite {
  t: TestDatabase;
  clock: ManualClock;
  channels: TestChannels;
  activities: NotifyActivities;
  runner: ActivityRunner;
  order: ShippedOrder;
  /** The Messages create calls the Twilio fake received. */
  creates: () => RecordedRequest[];
}

/**
 * Registers the hooks every notify suite needs on `backend` and returns the object they fill in. With
 * `seedCustomer: false` the test seeds its own customer (e.g. with a particular phone number).
 */
export function useNotifySuite(backend: Backend, options: { seedCustomer?: boolean } = {}): NotifySuite {
  const suite = {} as NotifySuite;
  suite.creates = () => suite.channels.twilio.requests.filter((r) => r.method === 'POST');
  beforeAll(async () => {
    suite.t = await openTestDatabase(backend);
  });
  afterAll(() => suite.t?.close());
  beforeEach(async () => {
    await suite.t.clear();
    suite.clock = new ManualClock();
    suite.channels = await startTestChannels(suite.clock);
    suite.activities = createActivities(activityDeps(suite.t.db, suite.channels, suite.clock));
    suite.runner = new ActivityRunner();
    if (options.seedCustomer !== false) await seedCustomer(suite.t.db);
    suite.order = await seedShippedOrder(suite.t.db);
  });
  afterEach(() => suite.channels.close());
  return suite;
}
