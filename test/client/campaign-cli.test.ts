import { definitionFromOptions, idFromName } from '../../client/campaign-cli/definition-options';
import { idsFromCsv } from '../../client/campaign-cli/id-csv';
import { renderCampaignList } from '../../client/campaign-cli/list-view';
import { renderPreview } from '../../client/campaign-cli/preview-view';
import type { CampaignCommandDeps, CampaignOperations } from '../../client/campaign-cli/run-command';
import { watchStatus } from '../../client/commands/campaign/status';
import type { CampaignPreview } from '../../client/campaign/operations';
import { palette } from '../../client/output/colour';
import { memoryTerminal } from '../../client/output/terminal';
import { UsageError } from '../../client/parse-options';
import { loadConfig } from '../../config/load';
import { type CampaignDefinition, campaignDefinitionSchema } from '../../domain/campaign/definition';
import type { CampaignProgress } from '../../workflows/campaign/contract';

const noFiles = (file: string): string => {
  throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
};

describe('campaign create: flags to a definition', () => {
  it('turns every flag into the definition the operations validate', () => {
    const files: Record<string, string> = {
      'customers.csv': 'customer_id,name\nc-1,Dana\n"c-2",Zoe\n\nc-1,Dana again\n',
      'orders.csv': '\uFEFFo-9\n',
    };
    const input = definitionFromOptions(
      {
        name: 'Fan usage tips',
        variant: ['A:3:guide_push', 'B:1:survey'],
        holdout: '0.1',
        channel: 'sms',
        class: 'service',
        startsAt: '2026-03-10T09:00:00+08:00',
        rate: '25',
        sku: ['FAN-01,FAN-02', 'KETTLE-1'],
        category: ['small_appliance'],
        deliveredFrom: '2026-03-01T00:00:00+08:00',
        deliveredTo: '2026-03-08T00:00:00+08:00',
        carrier: ['SF'],
        locale: ['zh-CN', 'en'],
        customersCsv: 'customers.csv',
        ordersCsv: 'orders.csv',
      },
      (file) => files[file] ?? noFiles(file),
    );
    expect(input).toEqual({
      id: 'fan-usage-tips',
      name: 'Fan usage tips',
      audience: {
        skus: ['FAN-01', 'FAN-02', 'KETTLE-1'],
        categories: ['small_appliance'],
        deliveredFrom: '2026-03-01T00:00:00+08:00',
        deliveredTo: '2026-03-08T00:00:00+08:00',
        carriers: ['SF'],
        locales: ['zh-CN', 'en'],
        customerIds: ['c-1', 'c-2'],
        orderIds: ['o-9'],
      },
      variants: [
        { name: 'A', weight: 3, template: 'guide_push' },
        { name: 'B', weight: 1, template: 'survey' },
      ],
      holdoutShare: 0.1,
      channel: 'sms',
      messageClass: 'service',
      startsAt: '2026-03-10T09:00:00+08:00',
      pacing: { messagesPerSecond: 25 },
    });
    // The shape is the one the domain schema accepts.
    expect(campaignDefinitionSchema.safeParse(input).success).toBe(true);
  });

  it('--template is one variant A; --file is the whole definition', () => {
    expect(
      definitionFromOptions({ id: 'c-1', name: '风扇', template: 'guide_push', rate: '5', sku: ['F'] }, noFiles),
    ).toMatchObject({ id: 'c-1', variants: [{ name: 'A', weight: 1, template: 'guide_push' }] });
    expect(definitionFromOptions({ file: 'def.json' }, () => '{"id":"x","name":"y"}')).toEqual({ id: 'x', name: 'y' });
  });

  it.each([
    [{ file: 'def.json', name: 'x', rate: '1' }, '--file describes the whole campaign; drop --name, --rate'],
    [{ template: 't', rate: '1', sku: ['F'] }, '--name is required'],
    [{ name: 'x', template: 't', sku: ['F'] }, '--rate is required'],
    [{ name: 'x', template: 't', rate: '0', sku: ['F'] }, '--rate must be a number above 0, not "0"'],
    [{ name: 'x', template: 't', rate: '1' }, 'choose an audience'],
    [{ name: 'x', template: 't', variant: ['A:1:t'], rate: '1', sku: ['F'] }, 'not both'],
    [{ name: 'x', variant: ['A:1'], rate: '1', sku: ['F'] }, 'expected name:weight:templateKey'],
    [{ name: 'x', variant: ['A:heavy:t'], rate: '1', sku: ['F'] }, '--variant A weight must be a number above 0'],
    [{ name: 'x', template: 't', rate: '1', sku: ['F'], holdout: '1.5' }, '--holdout must be a share'],
    [{ name: 'x', template: 't', rate: '1', sku: ['F'], startsAt: 'tomorrow' }, '--starts-at must be an ISO-8601'],
    [{ name: 'x', template: 't', rate: '1', deliveredFrom: '2026-03-01' }, '--delivered-from must be an ISO-8601'],
    [{ name: 'x', template: 't', rate: '1', customersCsv: 'missing.csv' }, '--customers-csv missing.csv: no such file'],
    [{ name: '使用指南', template: 't', rate: '1', sku: ['F'] }, '--id is required'],
    [{ file: 'bad.json' }, '--file bad.json: not JSON'],
  ])('rejects %j up front as a usage error', (options, message) => {
    const read = (file: string) => (file === 'bad.json' ? '{' : noFiles(file));
    const attempt = () => definitionFromOptions(options, read);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });

  it('derives a stable id from a name, and reads ids from CSV exports', () => {
    expect(idFromName('  Apology: Warehouse delay (March) ')).toBe('apology-warehouse-delay-march');
    expect(idsFromCsv('id\r\na-1\r\n a-2 ;x\r\n')).toEqual(['a-1', 'a-2']);
    expect(idsFromCsv('c-1\nc-2\n')).toEqual(['c-1', 'c-2']);
  });
});

const definition: CampaignDefinition = campaignDefinitionSchema.parse({
  id: 'fan-tips',
  name: 'Fan tips',
  audience: { skus: ['FAN-01'], locales: ['zh-CN', 'en'] },
  variants: [
    { name: 'A', weight: 1, template: 'guide_push' },
    { name: 'B', weight: 1, template: 'survey' },
  ],
  holdoutShare: 0.1,
  pacing: { messagesPerSecond: 20 },
});

const preview: CampaignPreview = {
  audienceCount: 2000,
  holdoutCount: 196,
  perVariant: { A: 905, B: 899 },
  perLocale: { 'zh-CN': 1500, en: 500 },
  samples: [
    {
      variant: 'A',
      locale: 'zh-CN',
      channel: 'sms',
      sms: '【Demo Shop】风扇使用小贴士\n回复TD退订',
      smsSegments: 1,
      smsEncoding: 'UCS-2',
      emailSubject: '风扇使用小贴士',
    },
    {
      variant: 'B',
      locale: 'en',
      channel: 'sms',
      sms: 'Demo Shop: how is your fan? Reply 1-5. STOP to opt out',
      smsSegments: 3,
      smsEncoding: 'GSM-7',
      emailSubject: 'How is your fan?',
    },
  ],
  estimatedSegmentsTotal: 2710,
  estimatedDurationSeconds: 90.2,
};

describe('campaign create --dry-run output', () => {
  it('prints audience, hold-out, variants, locales, SMS cost, duration at pace, and each sample', () => {
    const text = renderPreview(definition, preview, { style: palette(false), segmentBudget: 2 });
    expect(text).toContain('Dry run: campaign fan-tips (Fan tips) nothing stored, nothing sent\n');
    expect(text).toContain('  audience      2,000 customers (SKU FAN-01; locale zh-CN, en)\n');
    expect(text).toContain('  hold-out      196 (9.8 %; share 0.1)\n');
    expect(text).toContain('  variants      A: 905 (weight 1, template campaign/guide_push)\n');
    expect(text).toContain('                B: 899 (weight 1, template campaign/survey)\n');
    expect(text).toContain('  locales       zh-CN: 1,500\n                en: 500\n');
    expect(text).toContain('  SMS segments  2,710 in total if every message went by SMS\n');
    expect(text).toContain('  duration      1m 31s at 20 messages/s (send windows not counted)\n');
    expect(text).toMatch(/\nA +zh-CN +sms +1 +UCS-2\n/);
    expect(text).toMatch(/\nB +en +sms +3 \(over 2\) +GSM-7\n/);
    expect(text).toContain(
      'A · zh-CN\n  SMS:   【Demo Shop】风扇使用小贴士\n         回复TD退订\n  email: 风扇使用小贴士\n',
    );
  });
});

function progress(overrides: Partial<CampaignProgress> & { sent: number; pending: number }): CampaignProgress {
  const { sent, pending, ...rest } = overrides;
  return {
    campaignId: 'fan-tips',
    status: 'running',
    audienceComplete: true,
    counts: { audience: 2000, assigned: 1800, holdout: 200, sent, skipped: { holdout: 200 }, failed: 0, pending },
    sentByVariant: { A: Math.floor(sent / 2), B: sent - Math.floor(sent / 2) },
    rate: { configured: 20, achieved: sent > 0 ? 19.6 : null },
    startedAt: '2026-03-10T01:00:00.000Z',
    finishedAt: null,
    nextSendAt: null,
    ...rest,
  };
}

describe('campaign status --watch', () => {
  function depsFor(sequence: CampaignProgress[], isTTY: boolean) {
    const terminal = memoryTerminal({ isTTY });
    const asked: string[] = [];
    const ops = {
      campaignStatus: (_ctx: unknown, id: string) => {
        asked.push(id);
        return Promise.resolve(sequence[Math.min(asked.length - 1, sequence.length - 1)]);
      },
    } as unknown as CampaignOperations;
    const deps: CampaignCommandDeps = {
      ops,
      ctx: { db: undefined as never, config: loadConfig({ env: {} }) },
      terminal,
      style: palette(false),
      zone: 'UTC',
      signal: new AbortController().signal,
    };
    return { deps, terminal, asked };
  }

  it('draws a bar on a terminal until the campaign completes, then prints the summary', async () => {
    const { deps, terminal, asked } = depsFor(
      [
        progress({ sent: 0, pending: 1800 }),
        progress({ sent: 900, pending: 900 }),
        {
          ...progress({ sent: 1750, pending: 0, status: 'completed', finishedAt: '2026-03-10T02:30:00.000Z' }),
          counts: {
            audience: 2000,
            assigned: 1800,
            holdout: 200,
            sent: 1750,
            skipped: { holdout: 200, opted_out: 50 },
            failed: 0,
            pending: 0,
          },
        },
      ],
      true,
    );
    const code = await watchStatus('fan-tips', { json: false, intervalMs: 1, wait: () => Promise.resolve() }, deps);
    expect(code).toBe(0);
    expect(asked).toEqual(['fan-tips', 'fan-tips', 'fan-tips']);
    const out = terminal.stdout();
    expect(out).toContain('\r\u001b[2Kcampaign fan-tips ');
    expect(out).toContain('  0%  0/1,800  running, 0 sent, -');
    expect(out).toContain('100%  1,800/1,800  completed, 1,750 sent, 19.6/s\n');
    expect(out).toContain('  skipped    50 (opted_out 50)\n');
    expect(out).toContain('  sent       1,750 (A 875, B 875)\n');
    expect(out).toContain('  finished   2026-03-10 02:30 UTC\n');
  });

  it('prints one JSON object per poll with --json', async () => {
    const { deps, terminal } = depsFor(
      [progress({ sent: 10, pending: 1790 }), progress({ sent: 1800, pending: 0, status: 'cancelled' })],
      false,
    );
    await watchStatus('fan-tips', { json: true, intervalMs: 1, wait: () => Promise.resolve() }, deps);
    const lines = terminal
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as CampaignProgress);
    expect(lines.map((p) => [p.status, p.counts.sent])).toEqual([
      ['running', 10],
      ['cancelled', 1800],
    ]);
  });

  it('stops watching on Ctrl-C without waiting for the campaign, and says the campaign goes on', async () => {
    const { deps, terminal } = depsFor([progress({ sent: 5, pending: 1795 })], false);
    const stop = new AbortController();
    const code = await watchStatus(
      'fan-tips',
      { json: false, intervalMs: 1, wait: () => Promise.resolve(stop.abort()) },
      { ...deps, signal: stop.signal },
    );
    expect(code).toBe(0);
    expect(terminal.stdout()).toBe('campaign fan-tips: 0%  5/1,800  running, 5 sent, 19.6/s\n');
    expect(terminal.stderr()).toBe('stopped watching; the campaign goes on\n');
  });
});

describe('campaign list output', () => {
  it('is a table, newest first as given, with counts', () => {
    const text = renderCampaignList(
      [
        {
          id: 'fan-tips',
          name: 'Fan tips',
          status: 'running',
          createdAt: '2026-03-10T01:00:00.000Z',
          startsAt: null,
          counts: { pending: 900, sent: 12345, skipped: 3, failed: 0 },
        },
        {
          id: 'delay-apology',
          name: '仓库延误致歉',
          status: 'completed',
          createdAt: '2026-03-01T01:00:00.000Z',
          startsAt: '2026-03-02T01:00:00.000Z',
          counts: { pending: 0, sent: 20, skipped: 1, failed: 2 },
        },
      ],
      { style: palette(false), zone: 'UTC' },
    );
    expect(text.split('\n')).toEqual([
      'id             name          status     created           starts            pending    sent  skipped  failed',
      '-------------  ------------  ---------  ----------------  ----------------  -------  ------  -------  ------',
      'fan-tips       Fan tips      running    2026-03-10 01:00  -                     900  12,345        3       0',
      'delay-apology  仓库延误致歉  completed  2026-03-01 01:00  2026-03-02 01:00        0      20        1       2',
      '',
    ]);
  });
});
