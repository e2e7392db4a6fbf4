import type { NodemailerError } from 'nodemailer';
import { ChannelError, type ChannelErrorKind, type ChannelErrorReason } from '../channel-error';
import { redactContact } from '../redact-contact';

// Failures of the connection itself: the message may or may not have been accepted, depending on when it broke.
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL']);
// Causes that mean no SMTP session was ever established, so nothing can have been handed over.
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const SETUP_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);

/**
 * Turns a nodemailer error into a ChannelError; anything else (a bug) is returned unchanged.
 *
 * SMTP cannot tell us whether a connection dropped after the final "." of DATA was sent (the message may be queued
 * at the server) or before, and nodemailer reports both the same way. So every drop of an established session
 * counts as "may have been delivered": the caller resends with the same Message-ID and counts a possible duplicate.
 */
export function toChannelError(error: unknown): unknown {
  if (!isNodemailerError(error)) return error;
  const classified = classify(error);
  if (!classified) return error;
  return new ChannelError(
    {
      channel: 'email',
      ...classified,
      providerCode: error.responseCode ?? error.code,
      ...(error.response ? { providerMessage: redactContact(error.response) } : {}),
    },
    { cause: error },
  );
}

interface Classified {
  readonly kind: ChannelErrorKind;
  readonly reason: ChannelErrorReason;
  readonly mayHaveBeenDelivered: boolean;
}

function classify(error: NodemailerError): Classified | undefined {
  if (error.responseCode !== undefined) return classifyReply(error.responseCode, error.command, error.permanent);
  const code = error.code ?? '';
  if (code === 'EAUTH' || code === 'ENOAUTH' || code === 'ECONFIG') return permanent('misconfigured');
  // Rejected before any SMTP command: an address nodemailer could not parse.
  if (code === 'EENVELOPE') return permanent('invalid_address');
  if (code === 'EMESSAGE') return permanent('rejected');
  if (CONNECTION_CODES.has(code)) {
    const neverConnected =
      NEVER_CONNECTED.has(error.originalCode ?? '') || SETUP_TIMEOUTS.has(error.timeoutType ?? '') || code === 'EDNS';
    return { kind: 'transient', reason: 'temporary', mayHaveBeenDelivered: !neverConnected };
  }
  return undefined;
}

/** RFC 5321: 4yz is transient, 5yz permanent (nodemailer's `permanent` already exempts 503, a session-state error). */
function classifyReply(
  responseCode: number,
  command: string | undefined,
  isPermanent: boolean | undefined,
): Classified {
  const permanentReply = isPermanent ?? responseCode >= 500;
  if (!permanentReply) return { kind: 'transient', reason: 'temporary', mayHaveBeenDelivered: false };
  if (responseCode === 530 || responseCode === 535 || responseCode === 534) return permanent('misconfigured');
  const stage = (command ?? '').toUpperCase();
  if (stage.startsWith('RCPT')) return permanent(responseCode === 553 ? 'invalid_address' : 'mailbox_unavailable');
  if (stage.startsWith('MAIL')) return permanent('misconfigured');
  return permanent('rejected');
}

function permanent(reason: ChannelErrorReason): Classified {
  return { kind: 'permanent', reason, mayHaveBeenDelivered: false };
}

// Shape, not `instanceof Error`: socket errors are created by Node's own realm, which differs under jest's sandbox.
function isNodemailerError(error: unknown): error is NodemailerError {
  return typeof error === 'object' && error !== null && ('code' in error || 'responseCode' in error);
}
