import { type Condition, type FieldName, type Literal, type OrderTerm, type ParsedQuery } from './ast';
import { VisibilityQueryError } from './errors';
import { type Token, tokenize } from './tokenizer';

/**
 * Recursive descent over the SQL-like list filter:
 *   query     := [or] [GROUP BY names] [ORDER BY name [ASC|DESC] {, …}]
 *   or        := and {OR and}
 *   and       := unary {AND unary}
 *   unary     := NOT unary | '(' or ')' | predicate
 *   predicate := name (op literal | [NOT] IN (literals) | [NOT] BETWEEN literal AND literal
 *                     | [NOT] STARTS_WITH literal | IS [NOT] NULL)
 * Keywords are case-insensitive; attribute names are not.
 */
export function parseVisibilityQuery(query: string): ParsedQuery {
  return new Parser(tokenize(query)).parseQuery();
}

const clauseKeywords = new Set(['GROUP', 'ORDER']);

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  parseQuery(): ParsedQuery {
    const where = this.atEnd() || this.atClauseKeyword() ? undefined : this.parseOr();
    const groupBy = this.acceptKeywords('GROUP', 'BY') ? this.parseNameList() : [];
    const orderBy = this.acceptKeywords('ORDER', 'BY') ? this.parseOrderTerms() : [];
    if (!this.atEnd()) throw this.unexpected('end of query');
    return { where, groupBy, orderBy };
  }

  private parseOr(): Condition {
    let condition = this.parseAnd();
    while (this.acceptKeyword('OR')) condition = { kind: 'or', left: condition, right: this.parseAnd() };
    return condition;
  }

  private parseAnd(): Condition {
    let condition = this.parseUnary();
    while (this.acceptKeyword('AND')) condition = { kind: 'and', left: condition, right: this.parseUnary() };
    return condition;
  }

  private parseUnary(): Condition {
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.parseUnary() };
    if (this.acceptPunctuation('(')) {
      const inner = this.parseOr();
      this.expectPunctuation(')');
      return inner;
    }
    return this.parsePredicate(this.parseName());
  }

  private parsePredicate(field: FieldName): Condition {
    const token = this.peek();
    if (token.kind === 'operator') {
      this.index += 1;
      return { kind: 'compare', field, operator: token.text, value: this.parseLiteral() };
    }
    if (this.acceptKeyword('IS')) {
      const negated = this.acceptKeyword('NOT');
      this.expectKeyword('NULL');
      return { kind: 'isNull', field, negated };
    }
    const negated = this.acceptKeyword('NOT');
    if (this.acceptKeyword('IN')) return { kind: 'in', field, values: this.parseLiteralList(), negated };
    if (this.acceptKeyword('BETWEEN')) {
      const low = this.parseLiteral();
      this.expectKeyword('AND');
      return { kind: 'between', field, low, high: this.parseLiteral(), negated };
    }
    if (this.acceptKeyword('STARTS_WITH')) return { kind: 'startsWith', field, prefix: this.parseLiteral(), negated };
    throw this.unexpected(negated ? 'IN, BETWEEN or STARTS_WITH after NOT' : `an operator after '${field.name}'`);
  }

  private parseLiteralList(): Literal[] {
    this.expectPunctuation('(');
    const values = [this.parseLiteral()];
    while (this.acceptPunctuation(',')) values.push(this.parseLiteral());
    this.expectPunctuation(')');
    return values;
  }

  private parseLiteral(): Literal {
    const token = this.peek();
    if (token.kind === 'string') {
      this.index += 1;
      return { type: 'string', value: token.text, position: token.position };
    }
    if (token.kind === 'number') {
      this.index += 1;
      return { type: 'number', value: Number(token.text), text: token.text, position: token.position };
    }
    if (token.kind === 'word' && /^(true|false)$/i.test(token.text)) {
      this.index += 1;
      return { type: 'boolean', value: token.text.toLowerCase() === 'true', position: token.position };
    }
    throw this.unexpected('a value (a quoted string, a number, true or false)');
  }

  private parseOrderTerms(): OrderTerm[] {
    const terms: OrderTerm[] = [];
    do {
      const field = this.parseName();
      const descending = this.acceptKeyword('DESC');
      if (!descending) this.acceptKeyword('ASC');
      terms.push({ field, descending });
    } while (this.acceptPunctuation(','));
    return terms;
  }

  private parseNameList(): FieldName[] {
    const names = [this.parseName()];
    while (this.acceptPunctuation(',')) names.push(this.parseName());
    return names;
  }

  private parseName(): FieldName {
    const token = this.peek();
    if (token.kind === 'quotedName' || (token.kind === 'word' && !isReservedWord(token.text))) {
      this.index += 1;
      return { name: token.text, position: token.position };
    }
    throw this.unexpected('a search attribute name');
  }

  private peek(): Token {
    // The token list always ends with an 'end' token and the parser never moves past it.
    return this.tokens[this.index] ?? { kind: 'end', text: '', position: 0 };
  }

  private atEnd(): boolean {
    return this.peek().kind === 'end';
  }

  private atClauseKeyword(): boolean {
    const token = this.peek();
    return token.kind === 'word' && clauseKeywords.has(token.text.toUpperCase());
  }

  private acceptKeyword(keyword: string): boolean {
    const token = this.peek();
    if (token.kind !== 'word' || token.text.toUpperCase() !== keyword) return false;
    this.index += 1;
    return true;
  }

  private acceptKeywords(first: string, second: string): boolean {
    if (!this.acceptKeyword(first)) return false;
    this.expectKeyword(second);
    return true;
  }

  private expectKeyword(keyword: string): void {
    if (!this.acceptKeyword(keyword)) throw this.unexpected(keyword);
  }

  private acceptPunctuation(text: '(' | ')' | ','): boolean {
    const token = this.peek();
    if (token.kind !== 'punctuation' || token.text !== text) return false;
    this.index += 1;
    return true;
  }

  private expectPunctuation(text: '(' | ')' | ','): void {
    if (!this.acceptPunctuation(text)) throw this.unexpected(`'${text}'`);
  }

  private unexpected(expected: string): VisibilityQueryError {
    const token = this.peek();
    const found = token.kind === 'end' ? 'end of query' : `'${token.text}'`;
    return new VisibilityQueryError(`syntax error at position ${token.position}: expected ${expected}, found ${found}`);
  }
}

const reservedWords = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'BETWEEN',
  'IS',
  'NULL',
  'STARTS_WITH',
  'ORDER',
  'GROUP',
  'BY',
  'ASC',
  'DESC',
  'TRUE',
  'FALSE',
]);

/** Reserved words can still name an attribute when backquoted. */
function isReservedWord(text: string): boolean {
  return reservedWords.has(text.toUpperCase());
}
