import { type FakeMessage, messageResource } from './fake-message';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/**
 * GET .../Messages.json: the To, From, DateSent, DateSent< and DateSent> filters (the last two inclusive, as
 * Twilio's `DateSent<=`/`DateSent>=` forms are), newest first, paged with Page and PageSize. Messages not yet
 * sent have no date_sent and so never match a DateSent filter, as at Twilio.
 */
export function listPage(
  messages: readonly FakeMessage[],
  query: URLSearchParams,
  listUri: string,
): Record<string, unknown> {
  const pageSize = Math.min(
    Math.max(Number(query.get('PageSize') ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE, 1),
    MAX_PAGE_SIZE,
  );
  const page = Math.max(Number(query.get('Page') ?? 0) || 0, 0);
  const matching = messages.filter((m) => matches(m, query)).reverse();
  const start = page * pageSize;
  const slice = matching.slice(start, start + pageSize);

  const filters = new URLSearchParams();
  for (const name of ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>']) {
    const value = query.get(name);
    if (value !== null) filters.set(name, value);
  }
  const pageUri = (n: number): string => {
    const params = new URLSearchParams(filters);
    params.set('PageSize', String(pageSize));
    params.set('Page', String(n));
    return `${listUri}?${params.toString()}`;
  };
  return {
    messages: slice.map(messageResource),
    end: start + Math.max(slice.length - 1, 0),
    first_page_uri: pageUri(0),
    next_page_uri: start + pageSize < matching.length ? pageUri(page + 1) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? pageUri(page - 1) : null,
    start,
    uri: pageUri(page),
  };
}

function matches(message: FakeMessage, query: URLSearchParams): boolean {
  const to = query.get('To');
  const from = query.get('From');
  if (to !== null && message.to !== to) return false;
  if (from !== null && message.from !== from) return false;
  return (
    dateMatches(message.dateSent, query.get('DateSent'), (sent, bound) => sameUtcDay(sent, bound)) &&
    dateMatches(message.dateSent, query.get('DateSent<'), (sent, bound) => sent <= endOf(bound)) &&
    dateMatches(message.dateSent, query.get('DateSent>'), (sent, bound) => sent >= bound.value)
  );
}

interface Bound {
  readonly value: Date;
  readonly dayOnly: boolean;
}

function dateMatches(sent: Date | null, raw: string | null, test: (sent: Date, bound: Bound) => boolean): boolean {
  if (raw === null) return true;
  if (sent === null) return false;
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  return test(sent, { value: new Date(dayOnly ? `${raw}T00:00:00Z` : raw), dayOnly });
}

function sameUtcDay(sent: Date, bound: Bound): boolean {
  return sent.toISOString().slice(0, 10) === bound.value.toISOString().slice(0, 10);
}

/** A day-only upper bound includes that whole day. */
function endOf(bound: Bound): Date {
  return bound.dayOnly ? new Date(bound.value.getTime() + 86_400_000 - 1) : bound.value;
}
