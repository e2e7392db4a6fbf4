import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ClientConfigProfile, loadClientConfigProfile } from '@temporalio/envconfig';
import type { ConfigIssue } from './config';
import type { Environment } from './environment';

/**
 * The SDK's connection configuration (`@temporalio/envconfig`) read in three layers, so that every resolved setting
 * can say where it came from: the profile file alone, the TEMPORAL_* environment alone, and both merged the SDK's way
 * (the environment wins, TLS settings merge key by key).
 */
export interface TemporalProfileLayers {
  /** The profile file that was read; undefined when there is none. */
  readonly file: string | undefined;
  readonly profileName: string;
  readonly fromFile: ClientConfigProfile;
  readonly fromEnv: ClientConfigProfile;
  readonly merged: ClientConfigProfile;
}

export type ProfileReading =
  | { readonly ok: true; readonly layers: TemporalProfileLayers }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

const DEFAULT_PROFILE = 'default';

/** Reads TEMPORAL_CONFIG_FILE (or the user's temporal.toml) and the TEMPORAL_* variables of `env`, never process.env. */
export function readTemporalProfile(env: Environment): ProfileReading {
  const overrideEnvVars = definedOnly(env);
  const explicitFile = env.TEMPORAL_CONFIG_FILE;
  const candidate = explicitFile ? path.resolve(explicitFile) : defaultProfileFile(env);
  const file = candidate !== undefined && existsSync(candidate) ? candidate : undefined;
  const profileName = env.TEMPORAL_PROFILE || DEFAULT_PROFILE;
  if (explicitFile && !file) {
    return failed('TEMPORAL_CONFIG_FILE', 'file not found', explicitFile);
  }
  if (env.TEMPORAL_PROFILE && !file) {
    return failed(
      'TEMPORAL_PROFILE',
      `no profile file to find it in (looked for ${candidate ?? 'a config directory'})`,
    );
  }
  // A wrong key in the file that secures the connection should stop us, as a typo in temporal.yaml does.
  const fileOptions = {
    configSource: file === undefined ? undefined : { path: file },
    profile: env.TEMPORAL_PROFILE || undefined,
    configFileStrict: true,
    overrideEnvVars,
  };
  let fromFile: ClientConfigProfile = {};
  if (file !== undefined) {
    try {
      fromFile = loadClientConfigProfile({ ...fileOptions, disableEnv: true });
    } catch (err) {
      return failed(`profile "${profileName}" in ${file}`, fileProblem(err));
    }
  }
  let fromEnv: ClientConfigProfile;
  try {
    fromEnv = loadClientConfigProfile({ disableFile: true, overrideEnvVars });
  } catch (err) {
    return failed('TEMPORAL_* environment', (err as Error).message);
  }
  let merged = fromEnv;
  if (file !== undefined) {
    try {
      merged = loadClientConfigProfile(fileOptions);
    } catch (err) {
      // Each layer alone was fine, so the clash is between them, e.g. a `_path` in the file and a `_DATA` variable.
      return failed(`TEMPORAL_* environment over profile "${profileName}" in ${file}`, (err as Error).message);
    }
  }
  return { ok: true, layers: { file, profileName, fromFile, fromEnv, merged } };
}

/** Where the Temporal CLI and SDKs keep profiles by default (the envconfig specification), for this platform. */
export function defaultProfileFile(env: Environment): string | undefined {
  const base = userConfigDir(env);
  return base === undefined ? undefined : path.join(base, 'temporalio', 'temporal.toml');
}

function userConfigDir(env: Environment): string | undefined {
  switch (os.platform()) {
    case 'win32':
      return env.APPDATA || undefined;
    case 'darwin':
      return env.HOME ? path.join(env.HOME, 'Library', 'Application Support') : undefined;
    default: {
      const xdg = env.XDG_CONFIG_HOME;
      if (xdg) return path.isAbsolute(xdg) ? xdg : undefined;
      return env.HOME ? path.join(env.HOME, '.config') : undefined;
    }
  }
}

function fileProblem(err: unknown): string {
  const message = (err as Error).message.split('\n')[0] ?? String(err);
  // The specification has this key, but the TypeScript SDK always verifies the server's name; say what to do instead.
  return message.includes('disable_host_verification')
    ? `${message} (not supported by the TypeScript SDK: set tls.server_name to a name the server's certificate carries)`
    : message;
}

function failed(where: string, message: string, value?: string): ProfileReading {
  return { ok: false, issues: [{ path: where, message, ...(value === undefined ? {} : { value: `"${value}"` }) }] };
}

function definedOnly(env: Environment): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) defined[name] = value;
  return defined;
}
