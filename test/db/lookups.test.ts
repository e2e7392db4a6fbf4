import {
  hasConsent,
  isOptedOut,
  latestOptChange,
  latestOptChangeQuery,
  recordConsent,
  recordOptIn,
  recordOptOut,
} from '../../db/repositories/consent';
import {
  getShipment,
  lastProgressAt,
  latestProgress,
  latestProgressQuery,
  markShipmentDelivered,
  markShipmentException,
  recordShipmentCreated,
  recordShipmentProgress,
} from '../../db/repositories/shipments';
import { BACKENDS, openTestDatabase, type TestDatabase } from './helpers/backends';
import { planOf } from './helpers/plan';
import { outboxExceptionsQuery } from '../../api/observability/outbox-metrics';
import { at } from './helpers/times';

const PHONE = '+8613800138000';

/** The two lookups the send path and the stall watchdog make constantly: opt-out state, and last progress. */
describe.each(BACKENDS)('indexed lookups on %s', (backend) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clear());

  describe('opt-out state', () => {
    const sms = { channel: 'sms' as const, address: PHONE };

    it('is "not opted out" for an address with no history', async () => {
      expect(await isOptedOut(t.db, sms)).toBe(false);
    });

    it('follows STOP, then START, then STOP again, by when each happened', async () => {
      await recordOptOut(t.db, { ...sms, source: 'sms_keyword', keyword: 'STOP', customerId: 'c-1', at: at(0) });
      expect(await isOptedOut(t.db, sms)).toBe(true);

      await recordOptIn(t.db, { ...sms, source: 'sms_keyword', keyword: 'START', at: at(10) });
      expect(await isOptedOut(t.db, sms)).toBe(false);

      await recordOptOut(t.db, { ...sms, source: 'sms_keyword', keyword: '退订', at: at(20) });
      expect(await isOptedOut(t.db, sms)).toBe(true);
      expect(await latestOptChange(t.db, sms)).toMatchObject({
        kind: 'opt_out',
        keyword: '退订',
        source: 'sms_keyword',
      });
    });

    it('orders by the time of the change, not the time it was recorded', async () => {
      await recordOptOut(t.db, { ...sms, source: 'api', at: at(30) });
      // An older opt-in arriving late does not undo the newer opt-out.
      await recordOptIn(t.db, { ...sms, source: 'cli', at: at(5) });
      expect(await isOptedOut(t.db, sms)).toBe(true);
    });

    it('answers as of an instant', async () => {
      await recordOptOut(t.db, { ...sms, source: 'sms_keyword', keyword: 'STOP', at: at(60) });
      expect(await isOptedOut(t.db, { ...sms, asOf: at(59) })).toBe(false);
      expect(await isOptedOut(t.db, { ...sms, asOf: at(60) })).toBe(true);
    });

    it('is per address and per channel, and compares email addresses case-insensitively', async () => {
      await recordOptOut(t.db, { ...sms, source: 'sms_keyword', keyword: 'STOP', at: at(0) });
      await recordOptOut(t.db, { channel: 'email', address: 'Zhang.Wei@Example.com ', source: 'api', at: at(0) });

      expect(await isOptedOut(t.db, { channel: 'sms', address: '+8613900139000' })).toBe(false);
      expect(await isOptedOut(t.db, { channel: 'email', address: PHONE })).toBe(false);
      expect(await isOptedOut(t.db, { channel: 'email', address: 'zhang.wei@example.com' })).toBe(true);
    });

    it('is one probe of the (channel, address, time) index', async () => {
      const plan = await planOf(t.db, latestOptChangeQuery(t.db, { ...sms, asOf: at(0) }));
      expect(plan).toMatch(/Index Scan using consent_events_address_idx/);
      expect(plan).not.toMatch(/Sort/);
    });
  });

  describe('consent', () => {
    const marketing = { customerId: 'c-1', purposeClass: 'marketing', channel: 'sms' as const };

    it('is absent until granted, and follows grants and revocations', async () => {
      expect(await hasConsent(t.db, marketing)).toBe(false);
      await recordConsent(t.db, { ...marketing, channel: null, granted: true, source: 'api', at: at(0) });
      expect(await hasConsent(t.db, marketing)).toBe(true);
      expect(await hasConsent(t.db, { ...marketing, channel: 'email' })).toBe(true);

      await recordConsent(t.db, { ...marketing, granted: false, source: 'cli', at: at(10) });
      expect(await hasConsent(t.db, marketing)).toBe(false);
      expect(await hasConsent(t.db, { ...marketing, channel: 'email' })).toBe(true);
      expect(await hasConsent(t.db, { ...marketing, purposeClass: 'service' })).toBe(false);
    });
  });

  describe('shipment progress', () => {
    const shipment = {
      id: 's-1',
      orderId: 'o-1',
      carrier: 'SF',
      trackingNumber: 'SF1234567890123',
      promisedDeliveryBy: at(3 * 24 * 60),
      shippedAt: at(0),
    };
    const scan = (eventId: string, minutes: number, location: string) => ({
      shipmentId: 's-1',
      eventId,
      status: 'in_transit',
      location,
      description: null,
      occurredAt: at(minutes),
    });

    it('starts at the shipment’s creation, then follows the newest scan by when it happened', async () => {
      expect(await lastProgressAt(t.db, 's-1')).toBeNull();
      await recordShipmentCreated(t.db, shipment);
      expect(await lastProgressAt(t.db, 's-1')).toEqual(at(0));

      await recordShipmentProgress(t.db, scan('e-2', 120, '杭州转运中心'));
      await recordShipmentProgress(t.db, scan('e-1', 60, '杭州萧山')); // arrives late, happened earlier
      expect(await lastProgressAt(t.db, 's-1')).toEqual(at(120));
      expect(await latestProgress(t.db, 's-1')).toMatchObject({ event_id: 'e-2', location: '杭州转运中心' });
    });

    it('records a replayed scan event once', async () => {
      await recordShipmentCreated(t.db, shipment);
      expect(await recordShipmentProgress(t.db, scan('e-1', 60, 'A'))).toBe(true);
      expect(await recordShipmentProgress(t.db, scan('e-1', 90, 'B'))).toBe(false);
      expect(await latestProgress(t.db, 's-1')).toMatchObject({ location: 'A', occurred_at: at(60) });
    });

    it('knows scans that came before the shipment itself was recorded', async () => {
      await recordShipmentProgress(t.db, scan('e-1', 30, 'A'));
      expect(await lastProgressAt(t.db, 's-1')).toEqual(at(30));
    });

    it('records delivery once and keeps the latest exception', async () => {
      await recordShipmentCreated(t.db, shipment);
      expect(await markShipmentException(t.db, { shipmentId: 's-1', reason: 'address_issue', at: at(10) })).toBe(true);
      expect(await markShipmentException(t.db, { shipmentId: 's-1', reason: 'damaged', at: at(20) })).toBe(true);
      expect(await markShipmentDelivered(t.db, 's-1', at(30))).toBe(true);
      expect(await markShipmentDelivered(t.db, 's-1', at(40))).toBe(false);
      expect(await markShipmentDelivered(t.db, 's-unknown', at(40))).toBe(false);
      expect(await getShipment(t.db, 's-1')).toMatchObject({
        exception_reason: 'damaged',
        exception_at: at(20),
        delivered_at: at(30),
      });
    });

    it('reads the last scan from the (shipment, time) index without sorting', async () => {
      const plan = await planOf(t.db, latestProgressQuery(t.db, 's-1'));
      expect(plan).toMatch(/Index Scan using shipment_progress_shipment_time_idx/);
      expect(plan).not.toMatch(/Sort/);
    });
  });

  describe('the outbox exceptions /metrics counts on every scrape', () => {
    it('reads the partial index of reconciled and duplicated rows, not the whole outbox', async () => {
      const plan = await planOf(t.db, outboxExceptionsQuery(t.db));
      expect(plan).toMatch(/notifications_exceptions_idx/);
    });
  });
});
