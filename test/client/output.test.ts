import type { JsonlLine, LineReport, PostEventsOptions } from '../../api/client/post-events';
import { postEventsWithProgress } from '../../client/events/post-with-progress';
import { palette, stripAnsi } from '../../client/output/colour';
import { writeJson, writeJsonLine } from '../../client/output/json';
import { progressBar } from '../../client/output/progress';
import { renderTable } from '../../client/output/table';
import { memoryTerminal, wantsColour } from '../../client/output/terminal';
import { displayWidth, truncate } from '../../client/output/text-width';
import { formatInstant, formatRecipientLocal, formatRelative } from '../../client/output/time';

const plain = palette(false);

describe('colour', () => {
  it('is used only on a terminal, and never when NO_COLOR is set to anything', () => {
    expect(wantsColour({ isTTY: true }, {})).toBe(true);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour({ isTTY: false }, {})).toBe(false);
  });

  it('wraps text in SGR codes when on, and leaves it alone when off', () => {
    expect(palette(true).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(palette(false).red('x')).toBe('x');
    expect(stripAnsi(palette(true).bold(palette(true).green('ok')))).toBe('ok');
  });
});

describe('display width', () => {
  it('counts CJK and full-width characters as two columns and colour codes as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('落地电风扇')).toBe(10);
    expect(displayWidth('１２３')).toBe(6);
    expect(displayWidth(palette(true).red('abc'))).toBe(3);
  });

  it('truncates to the column budget with an ellipsis, never splitting a wide character', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('落地电风扇', 5)).toBe('落地…');
    expect(truncate('abc', 3)).toBe('abc');
  });
});

describe('renderTable', () => {
  it('aligns columns by display width, right-aligns where asked, and cuts over-long cells', () => {
    const text = renderTable(
      [{ header: 'name' }, { header: 'count', align: 'right' }, { header: 'note', maxWidth: 8 }],
      [
        ['风扇', '12', 'a very long note'],
        ['kettle', '3', 'short'],
      ],
      plain,
    );
    expect(text).toBe(
      ['name    count  note', '------  -----  --------', '风扇       12  a very …', 'kettle      3  short', ''].join(
        '\n',
      ),
    );
  });

  it('keeps fixed widths whatever the cells, so rows printed later line up, and can leave the header out', () => {
    const columns = [
      { header: 'a', width: 4 },
      { header: 'key', width: 3 },
    ];
    expect(renderTable(columns, [['x', 'a-long-key']], plain)).toBe('a     key\n----  ---\nx     a-long-key\n');
    expect(renderTable(columns, [['yy', 'k']], plain, { header: false })).toBe('yy    k\n');
  });

  it('measures coloured cells without their codes', () => {
    const coloured = palette(true);
    const text = renderTable([{ header: 'status' }, { header: 'x' }], [[coloured.green('sent'), '1']], coloured);
    expect(stripAnsi(text).split('\n')[2]).toBe('sent    1');
  });
});

describe('progressBar', () => {
  it('redraws one line in place on a terminal, throttled, and ends the line on finish', () => {
    const terminal = memoryTerminal({ isTTY: true });
    let now = 0;
    const bar = progressBar(terminal.out, { label: 'sending', style: plain, barWidth: 10, now: () => now });
    bar.update(0, 200);
    now = 50;
    bar.update(50, 200); // within 100 ms of the last draw: skipped
    now = 150;
    bar.update(100, 200, 'paused');
    bar.finish('done');
    expect(terminal.stdout()).toBe(
      '\r\u001b[2Ksending ░░░░░░░░░░   0%  0/200' +
        '\r\u001b[2Ksending █████░░░░░  50%  100/200  paused' +
        '\r\u001b[2Ksending █████░░░░░  50%  100/200  done\n',
    );
  });

  it('prints plain lines elsewhere, only when the figures change and at most once per interval', () => {
    const terminal = memoryTerminal({ isTTY: false });
    let now = 0;
    const bar = progressBar(terminal.out, { label: 'campaign c-1', style: plain, now: () => now });
    bar.update(0, 2000);
    now = 500;
    bar.update(10, 2000);
    now = 1500;
    bar.update(10, 2000);
    now = 1600;
    bar.update(10, 2000); // unchanged since the last line
    bar.update(2000, 2000);
    bar.finish();
    expect(terminal.stdout()).toBe(
      ['campaign c-1: 0%  0/2,000', 'campaign c-1: 0%  10/2,000', 'campaign c-1: 100%  2,000/2,000', ''].join('\n'),
    );
  });
});

describe('json output', () => {
  it('prints a document indented, and streams one compact object per line', () => {
    const terminal = memoryTerminal();
    writeJson(terminal.out, { a: 1 });
    writeJsonLine(terminal.out, { b: [1, 2] });
    writeJsonLine(terminal.out, { c: null });
    expect(terminal.stdout()).toBe('{\n  "a": 1\n}\n{"b":[1,2]}\n{"c":null}\n');
  });
});

describe('times', () => {
  it("shows an instant in the operator's zone with UTC alongside, and the UTC date when it differs", () => {
    expect(formatInstant('2026-03-10T02:00:00Z', 'Asia/Shanghai')).toBe('2026-03-10 10:00 GMT+8 (02:00 UTC)');
    expect(formatInstant('2026-03-10T20:00:00Z', 'Asia/Shanghai')).toBe(
      '2026-03-11 04:00 GMT+8 (2026-03-10 20:00 UTC)',
    );
    expect(formatInstant('2026-03-10T02:00:00Z', 'UTC')).toBe('2026-03-10 02:00 UTC');
  });

  it('shows a recipient-local send time in its own offset', () => {
    expect(formatRecipientLocal('2026-06-13T10:00:00.000-04:00')).toBe(
      '2026-06-13 10:00 recipient-local (UTC-04:00; 2026-06-13 14:00 UTC)',
    );
  });

  it('says roughly how far away an instant is', () => {
    const now = Date.parse('2026-03-10T00:00:00Z');
    expect(formatRelative('2026-03-10T02:05:00Z', now)).toBe('in 2h 5m');
    expect(formatRelative('2026-03-07T00:00:00Z', now)).toBe('3d ago');
    expect(formatRelative('2026-03-10T00:00:20Z', now)).toBe('in under a minute');
  });
});

describe('a large import with a progress bar', () => {
  it('posts batch by batch, as postEvents would, and reports each batch', async () => {
    const lines: JsonlLine[] = Array.from({ length: 5 }, (_, i) => ({ line: i + 1, value: { id: `e-${i}` } }));
    const calls: number[][] = [];
    const post = (_options: PostEventsOptions, batch: readonly JsonlLine[]): Promise<LineReport[]> => {
      calls.push(batch.map((l) => l.line));
      return Promise.resolve(
        batch.map((l) => ({
          line: l.line,
          id: null,
          status: l.line === 4 ? ('rejected' as const) : ('accepted' as const),
        })),
      );
    };
    const terminal = memoryTerminal({ isTTY: false });
    const options = { apiUrl: 'http://x', secret: 's', batchSize: 2, fetch: globalThis.fetch, now: () => new Date() };
    const bar = progressBar(terminal.err, { label: 'sending', style: plain, minIntervalMs: 0 });
    const reports = await postEventsWithProgress(post, options, lines, bar);
    expect(calls).toEqual([[1, 2], [3, 4], [5]]);
    expect(reports.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'rejected', 'accepted']);
    expect(terminal.stderr()).toBe(
      'sending: 40%  2/5\nsending: 80%  4/5  1 rejected\nsending: 100%  5/5  1 rejected\n',
    );
  });
});
