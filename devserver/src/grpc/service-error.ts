import { status } from '@grpc/grpc-js';
import { type google, packAny } from '../proto/codec';

/** An error that reaches the caller as a gRPC status (with optional `google.rpc.Status` details). */
export class ServiceError extends Error {
  constructor(
    readonly code: status,
    message: string,
    readonly details: google.protobuf.IAny[] = [],
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export function invalidArgument(message: string): ServiceError {
  return new ServiceError(status.INVALID_ARGUMENT, message);
}

export function notFound(message: string, details: google.protobuf.IAny[] = []): ServiceError {
  return new ServiceError(status.NOT_FOUND, message, details);
}

export function alreadyExists(message: string, details: google.protobuf.IAny[] = []): ServiceError {
  return new ServiceError(status.ALREADY_EXISTS, message, details);
}

export function withDetail(code: status, message: string, detailType: string, detail: object): ServiceError {
  return new ServiceError(code, message, [packAny(detailType, detail)]);
}

export const WORKFLOW_COMPLETED_MESSAGE = 'workflow execution already completed';

export function workflowCompleted(): ServiceError {
  return notFound(WORKFLOW_COMPLETED_MESSAGE);
}

/** Non-empty string or INVALID_ARGUMENT naming the field, like the real frontend's validation. */
export function requireText(value: string | null | undefined, field: string): string {
  if (!value) throw invalidArgument(`${field} is not set on request.`);
  return value;
}
