/**
 * Ids from a CSV export (`--customers-csv`, `--orders-csv`): the first column of each line, quotes removed, blank
 * lines and a header line (`customer_id`, `orderId`, `id`, …) skipped, duplicates dropped, order kept.
 */
export function idsFromCsv(text: string): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, index) => {
    const cell = firstCell(line.replace(/^\uFEFF/, ''));
    if (cell === '') return;
    if (index === 0 && /^((customer|order)[ _-]?)?ids?$/i.test(cell)) return;
    if (seen.has(cell)) return;
    seen.add(cell);
    ids.push(cell);
  });
  return ids;
}

function firstCell(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('"')) {
    const end = trimmed.indexOf('"', 1);
    return (end === -1 ? trimmed.slice(1) : trimmed.slice(1, end)).trim();
  }
  return (trimmed.split(/[,;\t]/)[0] ?? '').trim();
}
