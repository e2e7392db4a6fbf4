import type { MessageCopy } from './types';

/**
 * Builds an email's text and HTML bodies from the same paragraphs, so the two never drift apart. A paragraph that
 * is exactly `{{options}}` is left unwrapped: the renderer puts the reply menu (a list of links) there.
 */
export function email(subject: string, paragraphs: readonly string[]): MessageCopy['email'] {
  return {
    subject,
    text: paragraphs.join('\n\n'),
    html: paragraphs.map((p) => (p === '{{options}}' ? p : `<p>${p.replace(/\n/g, '<br>')}</p>`)).join('\n'),
  };
}
