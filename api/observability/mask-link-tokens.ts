/**
 * Reply and unsubscribe tokens are capabilities: whoever holds one can answer for, or unsubscribe, the customer it was
 * mailed to until it expires. Logs keep the path shape, never the token, in whatever form a URL reaches a line: the
 * request line, fastify's own `Route GET:/v1/… not found` and error messages, stack traces, and URL-encoded copies
 * (`%2Fv1%2Freply%2F…`).
 */
const LINK_TOKEN_IN_TEXT =
  /((?:\/|%2F)v1(?:\/|%2F)(?:reply|unsubscribe)(?:\/|%2F))(?:[^/?#&"'\s\\%]|%(?!2F)[0-9A-F]{2})+/gi;

export function maskLinkTokens(text: string): string {
  return text.replace(LINK_TOKEN_IN_TEXT, '$1[token]');
}
