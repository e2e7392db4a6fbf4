import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../../api-deps';
import { operatorAuthentication } from './authenticate';
import { registerCampaignOperatorRoutes } from './campaigns';
import { registerCustomerOperatorRoutes } from './customers';
import { sendOperatorError } from './operator-errors';
import { OPERATOR_PREFIX } from './operator-signature';
import { registerOutboxOperatorRoutes } from './outbox';

/**
 * `/v1/operator/…`: what the operator commands do, for when `notify start` holds embedded PGlite and the CLI cannot
 * open it (client/service-link.ts). Every route is behind the ingest-secret signature; none is open without it.
 */
export function registerOperatorRoutes(app: FastifyInstance, deps: ApiDeps): void {
  void app.register(
    (scope, _options, done) => {
      scope.addHook('preHandler', operatorAuthentication(deps));
      // Operator mistakes go back typed, for the CLI to rebuild; anything else falls through to the usual 500.
      scope.setErrorHandler((err, _request, reply) => sendOperatorError(reply, err));
      registerCustomerOperatorRoutes(scope, deps);
      registerOutboxOperatorRoutes(scope, deps);
      registerCampaignOperatorRoutes(scope, deps);
      done();
    },
    { prefix: OPERATOR_PREFIX },
  );
}
