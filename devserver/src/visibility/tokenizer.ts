import { VisibilityQueryError } from './errors';

export type Token =
  | { kind: 'word'; text: string; position: number } // a bare identifier or keyword
  | { kind: 'quotedName'; text: string; position: number } // `backquoted identifier`, never a keyword
  | { kind: 'string'; text: string; position: number }
  | { kind: 'number'; text: string; position: number }
  | { kind: 'operator'; text: ComparisonOperator; position: number }
  | { kind: 'punctuation'; text: '(' | ')' | ','; position: number }
  | { kind: 'end'; text: ''; position: number };

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

const wordPattern = /[A-Za-z_][A-Za-z0-9_]*/y;
const numberPattern = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const whitespacePattern = /\s+/y;

/** Two-character operators first, so that `<=` is not read as `<` followed by `=`. */
const operatorSpellings: readonly [string, ComparisonOperator][] = [
  ['<=', '<='],
  ['>=', '>='],
  ['!=', '!='],
  ['<>', '!='],
  ['==', '='],
  ['=', '='],
  ['<', '<'],
  ['>', '>'],
];

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < query.length) {
    whitespacePattern.lastIndex = position;
    if (whitespacePattern.test(query)) {
      position = whitespacePattern.lastIndex;
      continue;
    }
    const char = query.charAt(position);
    if (char === "'" || char === '"') {
      const { text, end } = readQuoted(query, position, char);
      tokens.push({ kind: 'string', text, position });
      position = end;
    } else if (char === '`') {
      const { text, end } = readQuoted(query, position, char);
      if (text === '') throw new VisibilityQueryError(`empty backquoted name at position ${position}`);
      tokens.push({ kind: 'quotedName', text, position });
      position = end;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punctuation', text: char, position });
      position += 1;
    } else if (matchesAt(numberPattern, query, position)) {
      tokens.push({ kind: 'number', text: numberPattern.exec(query)?.[0] ?? '', position });
      position = numberPattern.lastIndex;
    } else if (matchesAt(wordPattern, query, position)) {
      tokens.push({ kind: 'word', text: wordPattern.exec(query)?.[0] ?? '', position });
      position = wordPattern.lastIndex;
    } else {
      const operator = operatorSpellings.find(([spelling]) => query.startsWith(spelling, position));
      if (!operator) throw new VisibilityQueryError(`unexpected character '${char}' at position ${position}`);
      tokens.push({ kind: 'operator', text: operator[1], position });
      position += operator[0].length;
    }
  }
  tokens.push({ kind: 'end', text: '', position: query.length });
  return tokens;
}

function matchesAt(pattern: RegExp, query: string, position: number): boolean {
  pattern.lastIndex = position;
  const matched = pattern.test(query);
  pattern.lastIndex = position; // leave it where the caller's exec() must start
  return matched;
}

/** Reads a quoted run; the quote is escaped either by doubling it (SQL) or with a backslash. */
function readQuoted(query: string, start: number, quote: string): { text: string; end: number } {
  let text = '';
  let position = start + 1;
  while (position < query.length) {
    const char = query.charAt(position);
    if (char === '\\' && position + 1 < query.length) {
      text += unescape(query.charAt(position + 1));
      position += 2;
    } else if (char === quote && query.charAt(position + 1) === quote) {
      text += quote;
      position += 2;
    } else if (char === quote) {
      return { text, end: position + 1 };
    } else {
      text += char;
      position += 1;
    }
  }
  throw new VisibilityQueryError(`unterminated ${quote} quote starting at position ${start}`);
}

function unescape(char: string): string {
  switch (char) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    default:
      return char;
  }
}
