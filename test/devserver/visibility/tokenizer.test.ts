import { tokenize } from '../../../devserver/src/visibility/tokenizer';

const shapes = (query: string): string[] => tokenize(query).map(({ kind, text }) => `${kind}:${text}`);

describe('visibility tokenizer', () => {
  it('splits words, operators, literals and punctuation', () => {
    expect(shapes("WorkflowId>='a' AND CustomIntField IN (1, -2.5e3)")).toEqual([
      'word:WorkflowId',
      'operator:>=',
      'string:a',
      'word:AND',
      'word:CustomIntField',
      'word:IN',
      'punctuation:(',
      'number:1',
      'punctuation:,',
      'number:-2.5e3',
      'punctuation:)',
      'end:',
    ]);
  });

  it.each([
    ['=', '='],
    ['==', '='],
    ['!=', '!='],
    ['<>', '!='],
    ['<', '<'],
    ['<=', '<='],
    ['>', '>'],
    ['>=', '>='],
  ])('reads %s as %s', (spelling, operator) => {
    expect(shapes(`a ${spelling} 1`)[1]).toBe(`operator:${operator}`);
  });

  it('unquotes strings with doubled quotes and backslash escapes', () => {
    expect(shapes(`'it''s' "a\\"b" 'tab\\there' 'back\\\\slash'`)).toEqual([
      "string:it's",
      'string:a"b',
      'string:tab\there',
      'string:back\\slash',
      'end:',
    ]);
  });

  it('keeps backquoted names apart from keywords', () => {
    expect(shapes('`AND` `two words`')).toEqual(['quotedName:AND', 'quotedName:two words', 'end:']);
  });

  it('records positions for error messages', () => {
    expect(tokenize("  WorkflowId = 'x'").map(({ position }) => position)).toEqual([2, 13, 15, 18]);
  });

  it('rejects characters outside the grammar', () => {
    expect(() => tokenize('a = 1 + 2')).toThrow("invalid query: unexpected character '+' at position 6");
    expect(() => tokenize('a ! 1')).toThrow("unexpected character '!' at position 2");
  });
});
