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
const RETRY_PAUSE_MS = 100;

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
  const agent = (localAddress: string) =>
    new http.Agent({ keepAlive: true, maxSockets: plan.concurrency, localAddress });
  const agents = { flood: agent(plan.floodSource), other: agent(plan.otherSource) };
  const tooLarge = Buffer.alloc(plan.oversizeBytes, 'x');
  const tally: Record<string, number> = {};
  const acceptedIds: string[] = [];
  let withoutRetryAfter = 0;
  const record = (outcome: Outcome) => {
    const key = `${outcome.kind} ${outcome.status ?? `error:${outcome.error}`}`;
    tally[key] = (tally[key] ?? 0) + 1;
    if ((outcome.status === 429 || outcome.status === 503) && !outcome.retryAfter) withoutRetryAfter += 1;
  };
  const sendOne = (kind: RequestKind): Promise<Outcome> => {
    switch (kind) {
      case 'batch':
      case 'large':
        return sendBatch(url, agents.flood, kind, plan, acceptedIds);
      case 'patient':
        return persist(() => sendBatch(url, agents.other, kind, plan, acceptedIds), record);
      case 'oversize':
        return persist(() => oversize(url, plan.otherSource, tooLarge, plan.answerWithinMs), record);
      case 'slow':
        return persist(() => trickle(url, plan.otherSource, plan.answerWithinMs), record);
    }
  };
  let next = 0;
  const started = Date.now();
  const sender = async () => {
    for (let index = next++; index < plan.requests; index = next++) record(await sendOne(kindOf(plan, index)));
  };
  await Promise.all(Array.from({ length: plan.concurrency }, sender));
  agents.flood.destroy();
  agents.other.destroy();
  return { tally, withoutRetryAfter, acceptedIds, elapsedMs: Date.now() - started };
}

/**
 * The senders from the other source retry a 503 (the cap was full) after a moment, as a sender that honours
 * Retry-After would (sooner, to keep the test short): so some of them get in, and meet the body limit, the request
 * deadline or an accepted batch. Each refused attempt is recorded like any other request.
 */
async function persist(attempt: () => Promise<Outcome>, record: (outcome: Outcome) => void): Promise<Outcome> {
  for (let tries = 1; ; tries++) {
    const outcome = await attempt();
    if (outcome.status !== 503 || tries === MAX_TRIES) return outcome;
    record(outcome);
    await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
  }
}

function kindOf(plan: FloodPlan, index: number): RequestKind {
  const every = (n: number) => index % n === n - 1;
  if (every(plan.slowEvery)) return 'slow';
  if (every(plan.oversizeEvery)) return 'oversize';
  if (every(plan.patientEvery)) return 'patient';
  if (every(plan.largeEvery)) return 'large';
  return 'batch';
}

/** A signed batch of fresh orders; `large` pads it (a field the API ignores) to just under the body limit. */
async function sendBatch(
  url: URL,
  agent: http.Agent,
  kind: 'batch' | 'large' | 'patient',
  plan: FloodPlan,
  acceptedIds: string[],
): Promise<Outcome> {
  const events = Array.from({ length: plan.eventsPerBatch }, () => orderPlaced(newId('o'), newId('c')));
  let body = JSON.stringify({ events });
  if (kind === 'large') body = JSON.stringify({ events, padding: 'p'.repeat(plan.largeBytes - body.length - 20) });
  const headers = { 'x-notify-signature': signIngestBody(plan.secret, body, Math.floor(Date.now() / 1000)) };
  const outcome = await postOverHttp(url, agent, kind, Buffer.from(body), headers, plan.answerWithinMs, (text) => {
    const { results } = JSON.parse(text) as { results?: { id: string | null; status: string }[] };
    for (const result of results ?? []) if (result.status === 'accepted' && result.id) acceptedIds.push(result.id);
  });
  return outcome;
}

function postOverHttp(
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
