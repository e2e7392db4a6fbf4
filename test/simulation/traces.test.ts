import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.join(__dirname, '..', '..');
const TRACES = path.join(ROOT, 'test', 'fixtures', 'traces');
/** The steering copy; CI has it beside the clone. The repo keeps its own copy so a laptop clone can run the suite. */
const SHARED = path.join(ROOT, '..', 'shared', 'fixtures', 'traces');
const TWO_MINUTES = 120_000;

const run = promisify(execFile);
const traces = readdirSync(TRACES)
  .filter((file) => file.endsWith('.jsonl') && !file.includes('.expected.'))
  .map((file) => file.replace(/\.jsonl$/, ''));

type Line = Record<string, string>;

function jsonl(file: string): Line[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);
}

/** shared/fixtures/traces/README.md: the fields an expected line shows must match; localTime within two minutes. */
function matches(actual: Line, expected: Line): boolean {
  return Object.entries(expected).every(([field, value]) =>
    field === 'localTime'
      ? Math.abs(Date.parse(actual.localTime ?? '') - Date.parse(value)) <= TWO_MINUTES
      : actual[field] === value,
  );
}

it('keeps its copies of the shared traces identical to the shared ones', () => {
  if (!existsSync(SHARED)) return; // a laptop clone without shared/: the copies are all there is
  for (const file of readdirSync(SHARED)) {
    if (!file.endsWith('.jsonl')) continue;
    expect(readFileSync(path.join(TRACES, file), 'utf8')).toBe(readFileSync(path.join(SHARED, file), 'utf8'));
  }
});

describe.each(traces)('notify simulate --json --trace %s.jsonl', (name) => {
  let output: Line[];

  beforeAll(async () => {
    const { stdout } = await run(
      process.execPath,
      [path.join(ROOT, 'bin', 'notify'), 'simulate', '--json', '--trace', path.join(TRACES, `${name}.jsonl`)],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test' }, maxBuffer: 16 * 1024 * 1024 },
    );
    output = stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Line);
  }, 180_000);

  it('reports every expected line', () => {
    const expected = jsonl(path.join(TRACES, `${name}.expected.jsonl`));
    for (const line of expected) {
      expect(output.filter((actual) => matches(actual, line))).toHaveLength(1);
    }
  });

  it('sends the customer no message that was not expected', () => {
    const expected = jsonl(path.join(TRACES, `${name}.expected.jsonl`)).filter((l) => l.kind === 'message');
    const unexpected = output.filter((a) => a.kind === 'message' && !expected.some((e) => matches(a, e)));
    expect(unexpected).toEqual([]);
  });

  it('prints lines in time order with the fields the README requires', () => {
    const times = output.map((l) => Date.parse(l.at ?? ''));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const line of output) {
      expect(line).toEqual(expect.objectContaining({ at: expect.any(String), kind: expect.any(String) }));
      if (line.kind === 'message')
        expect(line).toEqual(expect.objectContaining({ channel: expect.any(String), body: expect.any(String) }));
    }
  });
});

it('refuses an invalid trace line, naming the line and the field', async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(path.join(tmpdir(), 'trace-'));
  const file = path.join(dir, 'bad.jsonl');
  const lines = readFileSync(path.join(TRACES, 'stall-reply-chase.jsonl'), 'utf8').split('\n');
  lines[1] = (lines[1] ?? '').replace('"quantity":1', '"quantity":0');
  await writeFile(file, lines.join('\n'));
  const failure = await run(process.execPath, [path.join(ROOT, 'bin', 'notify'), 'simulate', '--trace', file], {
    cwd: ROOT,
  }).then(
    () => undefined,
    (err: { code?: number; stderr?: string }) => err,
  );
  expect(failure?.code).toBe(1);
  expect(failure?.stderr).toMatch(/bad\.jsonl:2: data\.items\[0\]\.quantity/);
});
