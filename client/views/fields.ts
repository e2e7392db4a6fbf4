/**
 * Label/value lines for the `show` commands: labels in one column, a value that spans several lines indented under
 * the first. Empty lists print as `none`, so a missing line never leaves the reader wondering.
 */
export type Field = readonly [label: string, value: string | readonly string[]];

export function renderFields(fields: readonly Field[], label: (text: string) => string): string {
  const width = Math.max(...fields.map(([name]) => name.length));
  return fields
    .map(([name, value]) => {
      const values = typeof value === 'string' ? [value] : value.length === 0 ? ['none'] : value;
      return values
        .map((line, i) => `  ${i === 0 ? label(name.padEnd(width)) : ' '.repeat(width)}  ${line}`)
        .join('\n');
    })
    .join('\n');
}

/** `awaiting_reply` → `awaiting reply`. */
export function words(identifier: string): string {
  return identifier.replace(/_/g, ' ');
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
