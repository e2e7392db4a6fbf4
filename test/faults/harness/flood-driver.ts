/**
 * The flood test's sender, forked as a process of its own (flood.ts): many signed and unsigned requests at high
 * concurrency against one `notify api`, each one's answer recorded.
 */
import http from 'node:http';
import { signIngestBody } from '../../../security/ingest-signature';
import { newId, orderPlaced } from './events';
import type { FloodPlan, FloodResult, Outcome, RequestKind } from './flood';
import { rawExchange } from './flood-raw';

const MAX_TRIES = 200;
const RETRY_PAUSE_MS = 20;

process.once('message', (plan: FloodPlan) => {
  flood(plan).then(
    (result) => process.send?.({ kind: 'result', result }),
    (err: unknown) =>
      process.send?.({ kind: 'error', message: err instanceof Error ? (err.stack ?? '') : String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));

async function flood(plan: FloodPlan): Promise<FloodResult> {
  const url = new URL('/v1/events', plan.apiUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency, localAddress: plan.floodSource });
  const tooLarge = Buffer.alloc(plan.oversizeBytes, 'x');
  const tally: Record<string, number> = {};
  const acceptedIds: string[] = [];
  let withoutRetryAfter = 0;
  let next = 0;
  const started = Date.now();
  const sender = async () => {
    for (let index = next++; index < plan.requests; index = next++) {
      const kind = kindOf(plan, index);
      const outcome =
        kind === 'slow'
          ? await persist(() => trickle(url, plan.otherSource, plan.answerWithinMs), tally)
          : kind === 'oversize'
            ? await persist(() => oversize(url, plan.otherSource, tooLarge, plan.answerWithinMs), tally)
            : await sendBatch(url, agent, kind, plan, acceptedIds);
      const key = `${kind} ${outcome.status ?? `error:${outcome.error}`}`;
      tally[key] = (tally[key] ?? 0) + 1;
      if ((outcome.status === 429 || outcome.status === 503) && !outcome.retryAfter) withoutRetryAfter += 1;
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, sender));
  agent.destroy();
  return { tally, withoutRetryAfter, acceptedIds, elapsedMs: Date.now() - started };
}

/**
 * The oversize and slow senders retry a 503 (the cap was full) after a moment, so that some of them get in and meet
 * the body limit and the request deadline; each refused attempt is tallied like any other request.
 */
async function persist(attempt: () => Promise<Outcome>, tally: Record<string, number>): Promise<Outcome> {
  for (let tries = 1; ; tries++) {
    const outcome = await attempt();
    if (outcome.status !== 503 || tries === MAX_TRIES) return outcome;
    const key = `${outcome.kind} 503`;
    tally[key] = (tally[key] ?? 0) + 1;
    await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
  }
}

function kindOf(plan: FloodPlan, index: number): RequestKind {
  if (index % plan.slowEvery === plan.slowEvery - 1) return 'slow';
  if (index % plan.oversizeEvery === plan.oversizeEvery - 1) return 'oversize';
  if (index % plan.largeEvery === plan.largeEvery - 1) return 'large';
  return 'batch';
}

/** A signed batch of fresh orders; `large` pads it (a field the API ignores) to just under the body limit. */
async function sendBatch(
  url: URL,
  agent: http.Agent,
  kind: 'batch' | 'large',
  plan: FloodPlan,
  acceptedIds: string[],
): Promise<Outcome> {
  const events = Array.from({ length: plan.eventsPerBatch }, () => orderPlaced(newId('o'), newId('c')));
  let body = JSON.stringify({ events });
  if (kind === 'large') body = JSON.stringify({ events, padding: 'p'.repeat(plan.largeBytes - body.length - 20) });
  const headers = { 'x-notify-signature': signIngestBody(plan.secret, body, Math.floor(Date.now() / 1000)) };
  const outcome = await send(url, agent, kind, Buffer.from(body), headers, plan.answerWithinMs, (text) => {
    const { results } = JSON.parse(text) as { results?: { id: string | null; status: string }[] };
    for (const result of results ?? []) if (result.status === 'accepted' && result.id) acceptedIds.push(result.id);
  });
  return outcome;
}

function send(
  url: URL,
  agent: http.Agent,
  kind: RequestKind,
  body: Buffer,
  headers: Record<string, string>,
  answerWithinMs: number,
  onSuccess?: (text: string) => void,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = http.request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
    });
    let answered = false;
    const giveUp = setTimeout(() => request.destroy(new Error('no answer in time')), answerWithinMs);
    request.on('response', (response) => {
      answered = true;
      clearTimeout(giveUp);
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) onSuccess?.(Buffer.concat(chunks).toString('utf8'));
        resolve({ kind, status, retryAfter: header(response, 'retry-after') });
      });
      response.on('error', () => resolve({ kind, status: response.statusCode ?? 0 }));
    });
    request.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(giveUp);
      if (!answered) resolve({ kind, error: err.code ?? err.message });
    });
    request.end(body);
  });
}

/** Headers announcing a 100 kB body, its first bytes, then one byte every 100 ms, never finishing. */
function trickle(url: URL, localAddress: string, answerWithinMs: number): Promise<Outcome> {
  const head = `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`;
  return rawExchange(
    url,
    localAddress,
    'slow',
    head,
    (socket, over) => {
      socket.write('{"events":[');
      const drip = setInterval(() => (over() ? clearInterval(drip) : socket.write(' ')), 100);
    },
    answerWithinMs,
  );
}

/** A body over the limit, declared in Content-Length and sent whole, as a careless sender would. */
function oversize(url: URL, localAddress: string, body: Buffer, answerWithinMs: number): Promise<Outcome> {
  const head = `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  return rawExchange(url, localAddress, 'oversize', head, (socket) => socket.end(body), answerWithinMs);
}

function header(response: http.IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return typeof value === 'string' ? value : undefined;
}
