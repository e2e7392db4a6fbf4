import { Pool, type PoolConfig, TypeOverrides } from 'pg';
import { PG_TYPE, parseInt8 } from '../type-parsers';

export interface PoolOptions {
  readonly connectionString: string;
  /** Schema to put first on every connection's search_path. */
  readonly schema?: string;
  readonly maxConnections?: number;
  /** Errors on idle pooled connections (the server restarted, say); the pool drops the connection either way. */
  readonly onIdleError?: (err: Error) => void;
}

/** A pg Pool configured by `poolConfig`. */
export function createPool(options: PoolOptions): Pool {
  const pool = new Pool(poolConfig(options));
  // Without a listener, an idle connection's error would crash the process; the next query surfaces real outages.
  pool.on('error', (err) => options.onIdleError?.(err));
  return pool;
}

/**
 * Pool settings whose sessions match PGlite's: type parsing set per pool (never on pg's global type table), and the
 * session time zone pinned to UTC, as PGlite's is, so SQL date arithmetic and text output do not depend on the
 * server's default zone.
 */
export function poolConfig(options: PoolOptions): PoolConfig {
  const types = new TypeOverrides();
  types.setTypeParser(PG_TYPE.int8, parseInt8);
  const { connectionString, urlOptions } = splitOptions(options.connectionString);
  const settings = [
    // Startup options the URL carries (`?options=-c%20statement_timeout%3D5000`) are kept; ours come later and win.
    ...urlOptions,
    '-c TimeZone=UTC',
    ...(options.schema === undefined ? [] : [`-c search_path=${options.schema}`]),
  ];
  return { connectionString, max: options.maxConnections ?? 10, types, options: settings.join(' ') };
}

/** pg lets a URL's `options` replace the pool's outright, so they are taken out of the URL and merged instead. */
function splitOptions(url: string): { connectionString: string; urlOptions: string[] } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { connectionString: url, urlOptions: [] };
  }
  const value = parsed.searchParams.get('options');
  if (value === null) return { connectionString: url, urlOptions: [] };
  parsed.searchParams.delete('options');
  return { connectionString: parsed.toString(), urlOptions: value ? [value] : [] };
}
