/**
 * Full-text `=` on a Text attribute: true when every word of the query value occurs in the attribute,
 * ignoring case and punctuation. (The real server delegates to a search engine; this is the part of it
 * that tests can rely on.)
 */
export function textMatches(attribute: string, query: string): boolean {
  const queryWords = words(query);
  if (queryWords.length === 0) return false;
  const attributeWords = new Set(words(attribute));
  return queryWords.every((word) => attributeWords.has(word));
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}
