import { mkdtemp, readFile, readdir, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageIdForKey } from '../../channels/message-id';
import { OutboxDirectory, OutboxEmailSender, OutboxSmsSender, safeKey } from '../../channels/outbox';

const KEY = 'order:A-1001/shipment.stalled/1';

describe('development outbox sinks', () => {
  let dataDir: string;
  let clock: Date;
  let outbox: OutboxDirectory;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'notify-outbox-'));
    clock = new Date('2030-03-01T10:00:00.123Z');
    outbox = new OutboxDirectory(dataDir, () => clock);
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const visibleFiles = async (): Promise<string[]> =>
    (await readdir(join(dataDir, 'outbox'))).filter((name) => name.endsWith('.json')).sort();

  it('writes an SMS as a timestamped JSON file and returns a synthetic provider id', async () => {
    const result = await new OutboxSmsSender(outbox).send({
      to: '+14155550123',
      body: 'Late parcel',
      idempotencyKey: KEY,
    });

    expect(result).toEqual({ providerMessageId: expect.stringMatching(/^outbox-sms-[0-9a-f]{32}$/), status: 'sent' });
    const files = await visibleFiles();
    expect(files).toEqual([`20300301T100000123Z-sms-${safeKey(KEY)}.json`]);
    expect(files[0]).toMatch(/^20300301T100000123Z-sms-order_A-1001_shipment.stalled_1-[0-9a-f]{12}\.json$/);
    const stored: unknown = JSON.parse(await readFile(join(dataDir, 'outbox', files[0] as string), 'utf8'));
    expect(stored).toEqual({
      channel: 'sms',
      idempotencyKey: KEY,
      providerMessageId: result.providerMessageId,
      createdAt: '2030-03-01T10:00:00.123Z',
      file: files[0],
      message: { to: '+14155550123', body: 'Late parcel' },
    });
  });

  it('keeps one file per key, whatever is sent again later or at the same moment', async () => {
    const sms = new OutboxSmsSender(outbox);
    const first = await sms.send({ to: '+14155550123', body: 'First', idempotencyKey: KEY });
    clock = new Date('2030-03-01T11:00:00Z');
    const again = await sms.send({ to: '+14155550123', body: 'Second', idempotencyKey: KEY });
    const racing = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        new OutboxSmsSender(new OutboxDirectory(dataDir, () => clock)).send({
          to: '+1',
          body: `race ${i}`,
          idempotencyKey: 'k/race/1',
        }),
      ),
    );

    expect(again).toEqual(first);
    expect(new Set(racing.map((r) => r.providerMessageId)).size).toBe(1);
    expect(await visibleFiles()).toHaveLength(2);
    const records = await outbox.list();
    expect(records.map((r) => (r.message as { body: string }).body)).toEqual([
      'First',
      expect.stringMatching(/^race \d$/),
    ]);
  });

  it('keeps keys apart that differ only in characters a file name cannot hold', async () => {
    const sms = new OutboxSmsSender(outbox);
    const slash = await sms.send({ to: '+1', body: 'slash', idempotencyKey: 'a/b' });
    const underscore = await sms.send({ to: '+1', body: 'underscore', idempotencyKey: 'a_b' });

    expect(slash.providerMessageId).not.toBe(underscore.providerMessageId);
    expect(await visibleFiles()).toHaveLength(2);
  });

  it('finds a claimed SMS by key or by id for reconciliation', async () => {
    const sms = new OutboxSmsSender(outbox);
    const claim = { idempotencyKey: KEY, to: '+14155550123', body: 'Late parcel', claimedAt: clock };
    expect(await sms.lookup({ claim })).toEqual([]);

    const { providerMessageId } = await sms.send({ to: '+14155550123', body: 'Late parcel', idempotencyKey: KEY });

    const expected = [{ providerMessageId, status: 'sent', errorCode: null, createdAt: clock }];
    expect(await sms.lookup({ claim })).toEqual(expected);
    expect(await sms.lookup({ providerMessageId })).toEqual(expected);
    expect(await sms.lookup({ providerMessageId: 'outbox-sms-unknown' })).toEqual([]);
  });

  it('restores the visible file when a crash left only the key claim', async () => {
    const sms = new OutboxSmsSender(outbox);
    await sms.send({ to: '+1', body: 'kept', idempotencyKey: KEY });
    const [file] = await visibleFiles();
    await unlink(join(dataDir, 'outbox', file as string));

    await sms.send({ to: '+1', body: 'not written', idempotencyKey: KEY });

    expect(await visibleFiles()).toEqual([file]);
    expect((await outbox.list()).map((r) => (r.message as { body: string }).body)).toEqual(['kept']);
  });

  it('writes email with the Message-ID the SMTP sender would use and the marketing headers', async () => {
    const email = new OutboxEmailSender(outbox, 'notify <notify@shop.example>');

    const result = await email.send({
      to: 'jane@customer.example',
      subject: 'Spring sale',
      text: 'Hello',
      html: '<p>Hello</p>',
      idempotencyKey: 'campaign:spring/marketing/1',
      headers: { 'X-Notify-Purpose': 'campaign' },
      marketing: { unsubscribeUrl: 'https://shop.example/u/t' },
    });
    await email.send({ to: 'x@y.example', subject: 's', text: 't', html: 'h', idempotencyKey: KEY });

    const messageId = messageIdForKey('campaign:spring/marketing/1', 'shop.example');
    expect(result).toEqual({ providerMessageId: messageId, status: 'sent' });
    const [marketing, transactional] = await outbox.list();
    expect(marketing?.message).toEqual({
      from: 'notify <notify@shop.example>',
      to: 'jane@customer.example',
      subject: 'Spring sale',
      headers: {
        'X-Notify-Purpose': 'campaign',
        'Message-ID': messageId,
        'List-Unsubscribe': '<https://shop.example/u/t>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      text: 'Hello',
      html: '<p>Hello</p>',
    });
    expect(transactional?.message).toMatchObject({ headers: { 'Message-ID': messageIdForKey(KEY, 'shop.example') } });
    expect(Object.keys((transactional?.message as { headers: object }).headers)).not.toContain('List-Unsubscribe');
  });

  it('lists nothing before anything was written', async () => {
    expect(await outbox.list()).toEqual([]);
  });
});
