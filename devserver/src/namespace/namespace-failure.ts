import { status } from '@grpc/grpc-js';
import { type ServiceError, withDetail } from '../grpc/service-error';

export function namespaceNotFound(name: string): ServiceError {
  return withDetail(
    status.NOT_FOUND,
    `Namespace ${name} is not found.`,
    'temporal.api.errordetails.v1.NamespaceNotFoundFailure',
    { namespace: name },
  );
}
