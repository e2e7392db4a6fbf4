import type { FastifyReply } from 'fastify';

/**
 * Answers a page for a link a customer opened from a message: never cached (each visit reflects the current state)
 * and never leaking the link (its token is a capability) to another site through the Referer header.
 */
export function sendPage(reply: FastifyReply, page: { readonly status: number; readonly html: string }): FastifyReply {
  return reply
    .code(page.status)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(page.html);
}
