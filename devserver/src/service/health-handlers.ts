import { type ServiceHandlers } from '../grpc/server';

const SERVING = 1;

/** `grpc.health.v1.Health/Check`: the server is up whenever it answers. */
export const healthHandlers: ServiceHandlers = {
  Check: () => ({ status: SERVING }),
};
