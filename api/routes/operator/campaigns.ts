import type { FastifyInstance } from 'fastify';
import {
  campaignStatus,
  cancelCampaign,
  type CampaignOperationsContext,
  createCampaign,
  listCampaigns,
  pauseCampaign,
  resumeCampaign,
  startCampaign,
} from '../../../client/campaign/operations';
import type { CampaignDefinitionInput } from '../../../domain/campaign/definition';
import type { ApiDeps } from '../../api-deps';
import { jsonBody } from './authenticate';

const SIGNALS = { pause: pauseCampaign, resume: resumeCampaign, cancel: cancelCampaign } as const;

/**
 * The `notify campaign …` commands through the running service: the same operations over the API's database handle
 * and Temporal client, answering with what the operation returned.
 */
export function registerCampaignOperatorRoutes(
  app: FastifyInstance,
  deps: Pick<ApiDeps, 'db' | 'workflows' | 'config' | 'clock'>,
): void {
  const ctx: CampaignOperationsContext = {
    db: deps.db,
    client: { workflow: deps.workflows },
    config: deps.config,
    now: deps.clock,
  };

  app.get('/campaigns', async (_request, reply) => reply.send({ campaigns: await listCampaigns(ctx) }));

  app.post('/campaigns', async (request, reply) => {
    const body = jsonBody(request);
    const result = await createCampaign(ctx, body.definition as CampaignDefinitionInput, {
      dryRun: body.dryRun === true,
    });
    return await reply.send(result);
  });

  app.post<{ Params: { id: string } }>('/campaigns/:id/start', async (request, reply) =>
    reply.send(await startCampaign(ctx, request.params.id)),
  );

  app.post<{ Params: { id: string; signal: string } }>('/campaigns/:id/:signal', async (request, reply) => {
    const operation = SIGNALS[request.params.signal as keyof typeof SIGNALS] as
      (typeof SIGNALS)[keyof typeof SIGNALS] | undefined;
    if (!operation) return reply.code(404).send({ error: `no campaign operation ${request.params.signal}` });
    await operation(ctx, request.params.id);
    return await reply.send({ signalled: request.params.signal });
  });

  app.get<{ Params: { id: string } }>('/campaigns/:id/status', async (request, reply) =>
    reply.send(await campaignStatus(ctx, request.params.id)),
  );
}
