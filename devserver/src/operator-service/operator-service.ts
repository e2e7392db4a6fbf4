import { type temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { type ServiceHandlers } from '../grpc/server';
import { alreadyExists, invalidArgument, notFound } from '../grpc/service-error';

type OS = temporal.api.operatorservice.v1.IAddSearchAttributesRequest;

/** Search-attribute registration (the OperatorService subset the SDK and its test helpers use). */
export function operatorHandlers(engine: Engine): ServiceHandlers {
  return {
    AddSearchAttributes(request: OS) {
      const ns = engine.namespace(request.namespace);
      const entries = Object.entries(request.searchAttributes ?? {});
      for (const [name, type] of entries) {
        if (!type) throw invalidArgument(`Unknown search attribute type for ${name}.`);
        if (ns.searchAttributes.typeOf(name) !== undefined) {
          throw alreadyExists(`Search attribute ${name} already exists.`);
        }
      }
      for (const [name, type] of entries) ns.searchAttributes.custom.set(name, type);
      engine.durability?.searchAttributesChanged(ns);
      return {};
    },
    RemoveSearchAttributes(request: temporal.api.operatorservice.v1.IRemoveSearchAttributesRequest) {
      const ns = engine.namespace(request.namespace);
      for (const name of request.searchAttributes ?? []) {
        if (!ns.searchAttributes.custom.has(name)) throw notFound(`Search attribute ${name} doesn't exist.`);
      }
      for (const name of request.searchAttributes ?? []) ns.searchAttributes.custom.delete(name);
      engine.durability?.searchAttributesChanged(ns);
      return {};
    },
    ListSearchAttributes(request: temporal.api.operatorservice.v1.IListSearchAttributesRequest) {
      const ns = engine.namespace(request.namespace);
      return {
        customAttributes: Object.fromEntries(ns.searchAttributes.custom),
        systemAttributes: Object.fromEntries(ns.searchAttributes.system),
        storageSchema: {},
      };
    },
  };
}
