import type { PemSource, TemporalSettings, TemporalSetting } from '../../config/temporal-settings';

/** One line of the connection as `notify config check` shows it: the value and, when known, where it came from. */
export interface ConnectionEntry {
  readonly key: string;
  readonly value: string | Readonly<Record<string, string>>;
  readonly from?: string;
}

/**
 * The effective Temporal connection, spelled out: TLS on or off, and with TLS on what each unset setting falls back
 * to, so nobody has to know the SDK's defaults to read it. Expects settings already redacted.
 */
export function temporalConnectionView(temporal: TemporalSettings): ConnectionEntry[] {
  const { origin, tls } = temporal;
  const entry = (key: TemporalSetting, value: ConnectionEntry['value']): ConnectionEntry => ({
    key,
    value,
    ...(origin[key] === undefined ? {} : { from: origin[key] }),
  });
  const entries = [
    entry('address', temporal.address),
    entry('namespace', temporal.namespace),
    { key: 'taskQueue', value: temporal.taskQueue },
    entry('tls', tls ? 'on' : 'off'),
  ];
  if (tls) {
    const host = temporal.address.slice(0, temporal.address.lastIndexOf(':'));
    entries.push(
      entry('serverName', tls.serverName ?? `${host} (the address's host)`),
      entry('serverCa', pemText(tls.serverCa) ?? "(the system's CAs)"),
      entry('clientCert', pemText(tls.clientCert) ?? '(none: no mutual TLS)'),
    );
    if (tls.clientKey) entries.push(entry('clientKey', pemText(tls.clientKey) ?? ''));
  }
  entries.push(entry('apiKey', temporal.apiKey ?? '(none)'));
  if (Object.keys(temporal.metadata).length > 0) entries.push(entry('metadata', temporal.metadata));
  return entries;
}

function pemText(source: PemSource | undefined): string | undefined {
  if (source === undefined) return undefined;
  return 'file' in source ? source.file : '(inline PEM)';
}
