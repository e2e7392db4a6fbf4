import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedJson {
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
}

/**
 * A loopback endpoint for the staff-alert webhook, which posts JSON (test/channels/helpers/webhook-receiver.ts reads
 * form bodies, as Twilio sends them). Answers with `status`, which a test may change between requests.
 */
export async function startJsonReceiver(initialStatus = 204): Promise<{
  readonly url: string;
  readonly received: ReceivedJson[];
  answerWith(status: number): void;
  close(): Promise<void>;
}> {
  const received: ReceivedJson[] = [];
  let status = initialStatus;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({ url: request.url ?? '/', headers: request.headers, body: JSON.parse(text) as unknown });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/staff`,
    received,
    answerWith: (next) => {
      status = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
