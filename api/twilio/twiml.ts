/** TwiML answers to an inbound message: one message back, or nothing (`<Response/>`). */
export function twimlMessage(text: string | undefined): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  if (text === undefined) return `${head}<Response/>`;
  return `${head}<Response><Message>${escapeXml(text)}</Message></Response>`;
}

/** Element text only needs `&` and `<` (and `>` for safety) escaped; quotes stay readable. */
function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
