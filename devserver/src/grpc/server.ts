import * as grpc from '@grpc/grpc-js';
import { encodeMessage, decodeMessage, messageType, serviceMethods, type MethodCodec } from '../proto/codec';
import { type CallContext } from './call-context';
import { ServiceError } from './service-error';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler narrows its own request type
export type Handler = (request: any, ctx: CallContext) => object | Promise<object>;
export type ServiceHandlers = Readonly<Record<string, Handler>>;

export interface ServiceBinding {
  /** Fully qualified proto service name, e.g. `temporal.api.workflowservice.v1.WorkflowService`. */
  readonly service: string;
  readonly handlers: ServiceHandlers;
}

export type ErrorLogger = (method: string, error: unknown) => void;

/**
 * Resolves once every state change made so far is durable (`--db-filename`); awaited after a handler and before its
 * answer is sent, so nothing is acknowledged that a crash could take back.
 */
export type DurabilityBarrier = () => Promise<void>;

// Histories and completions with large payloads exceed grpc-js' 4 MiB default; the SDK clients accept 128 MiB.
const MESSAGE_LIMIT = 128 * 1024 * 1024;

/**
 * A grpc-js server exposing the given handlers. Methods without a handler are not registered, so grpc-js answers
 * UNIMPLEMENTED for them, which the SDK tolerates where the spec allows it.
 */
export function createGrpcServer(
  bindings: readonly ServiceBinding[],
  logError: ErrorLogger,
  interceptors: readonly grpc.ServerInterceptor[] = [],
  barrier?: DurabilityBarrier,
): grpc.Server {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MESSAGE_LIMIT,
    'grpc.max_send_message_length': MESSAGE_LIMIT,
    interceptors: [...interceptors],
  });
  for (const binding of bindings) {
    const definition: Record<string, grpc.MethodDefinition<object, object>> = {};
    const implementation: grpc.UntypedServiceImplementation = {};
    for (const method of serviceMethods(binding.service)) {
      const handler = binding.handlers[method.name];
      if (!handler) continue;
      definition[method.name] = unaryDefinition(binding.service, method);
      implementation[method.name] = wrapHandler(`${binding.service}/${method.name}`, handler, logError, barrier);
    }
    server.addService(definition, implementation);
  }
  return server;
}

function unaryDefinition(service: string, method: MethodCodec): grpc.MethodDefinition<object, object> {
  return {
    path: `/${service}/${method.name}`,
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: object) => encodeMessage(method.request, value),
    requestDeserialize: (bytes: Buffer) => decodeMessage<object>(method.request, bytes),
    responseSerialize: (value: object) => encodeMessage(method.response, value),
    responseDeserialize: (bytes: Buffer) => decodeMessage<object>(method.response, bytes),
  };
}

/** Every handler runs inside this wrapper: no request, however malformed, may crash the process. */
function wrapHandler(
  name: string,
  handler: Handler,
  logError: ErrorLogger,
  barrier: DurabilityBarrier | undefined,
): grpc.handleUnaryCall<object, object> {
  if (barrier) return wrapHandler(name, afterBarrier(handler, barrier), logError, undefined);
  return (call, callback) => {
    const ctx = contextOf(call);
    let result: object | Promise<object>;
    try {
      result = handler(call.request, ctx);
    } catch (error) {
      callback(toStatus(name, error, logError));
      return;
    }
    Promise.resolve(result).then(
      (response) => callback(null, response),
      (error: unknown) => callback(toStatus(name, error, logError)),
    );
  };
}

/**
 * The handler, answering only once what it changed is durable. Errors wait too: a rejected completion may still have
 * written events (e.g. `WorkflowTaskFailed` before an `UnhandledCommand` error). If the barrier itself fails, the
 * journal is broken and the call fails with INTERNAL.
 */
function afterBarrier(handler: Handler, barrier: DurabilityBarrier): Handler {
  return async (request: unknown, ctx: CallContext) => {
    let response: object;
    try {
      response = await handler(request, ctx);
    } catch (error) {
      await barrier();
      throw error;
    }
    await barrier();
    return response;
  };
}

function contextOf(call: grpc.ServerUnaryCall<object, object>): CallContext {
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  return {
    deadlineMs,
    isCancelled: () => call.cancelled,
    onCancelled(cb) {
      call.on('cancelled', cb);
      return () => call.off('cancelled', cb);
    },
  };
}

const statusType = messageType('google.rpc.Status');

function toStatus(name: string, error: unknown, logError: ErrorLogger): Partial<grpc.StatusObject> {
  if (error instanceof ServiceError) {
    const metadata = new grpc.Metadata();
    if (error.details.length > 0) {
      metadata.set(
        'grpc-status-details-bin',
        encodeMessage(statusType, { code: error.code, message: error.message, details: error.details }),
      );
    }
    return { code: error.code, details: error.message, metadata };
  }
  logError(name, error);
  const message = error instanceof Error ? error.message : String(error);
  return { code: grpc.status.INTERNAL, details: message, metadata: new grpc.Metadata() };
}
