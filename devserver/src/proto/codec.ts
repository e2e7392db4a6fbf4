import { type google, type temporal } from '@temporalio/proto';
// The reflection root (not the generated static code): grpc-js needs per-method codecs built at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import root = require('@temporalio/proto/protos/json-module.js');

export type { google, temporal };

/** The slice of a protobufjs reflection `Type` the server uses. */
export interface MessageType {
  readonly fullName: string;
  fromObject(object: Record<string, unknown>): object;
  toObject(message: object, options: Record<string, unknown>): Record<string, unknown>;
  encode(message: object): { finish(): Uint8Array };
  decode(bytes: Uint8Array): object;
}

interface ReflectionMethod {
  resolve(): void;
  resolvedRequestType: MessageType | null;
  resolvedResponseType: MessageType | null;
}

interface ReflectionRoot {
  lookupType(path: string): MessageType;
  lookupService(path: string): { methods: Record<string, ReflectionMethod> };
}

const reflection = root as ReflectionRoot;

// int64 as plain numbers (ids and times stay far below 2^53), repeated/map fields always present, oneof names exposed
// (commands and events are dispatched on them), bytes kept as Buffers.
const DECODE_OPTIONS = { longs: Number, arrays: true, objects: true, oneofs: true };

export function messageType(fullName: string): MessageType {
  return reflection.lookupType(fullName);
}

export function encodeMessage(type: MessageType, value: object): Buffer {
  return Buffer.from(type.encode(type.fromObject(value as Record<string, unknown>)).finish());
}

export function decodeMessage<T>(type: MessageType, bytes: Uint8Array): T {
  return type.toObject(type.decode(bytes), DECODE_OPTIONS) as T;
}

export interface MethodCodec {
  readonly name: string;
  readonly request: MessageType;
  readonly response: MessageType;
}

/** Every method of a service as declared by the protos, with its request and response types resolved. */
export function serviceMethods(serviceFullName: string): MethodCodec[] {
  const service = reflection.lookupService(serviceFullName);
  return Object.entries(service.methods).map(([name, method]) => {
    method.resolve();
    if (!method.resolvedRequestType || !method.resolvedResponseType) {
      throw new Error(`cannot resolve the types of ${serviceFullName}/${name}`);
    }
    return { name, request: method.resolvedRequestType, response: method.resolvedResponseType };
  });
}

/** Packs a message into `google.protobuf.Any` (whose fields stay snake_case in the reflection root). */
export function packAny(fullName: string, value: object): google.protobuf.IAny {
  return {
    type_url: `type.googleapis.com/${fullName}`,
    value: encodeMessage(messageType(fullName), value),
  };
}

export function unpackAny<T>(any: google.protobuf.IAny | null | undefined, fullName: string): T | undefined {
  if (!any?.value || !any.type_url?.endsWith(`/${fullName}`)) return undefined;
  return decodeMessage<T>(messageType(fullName), any.value);
}
