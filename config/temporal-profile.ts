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
  const located = locateProfileFile(env);
  if ('issues' in located) return { ok: false, issues: located.issues };
  const { file } = located;
  const profileName = env.TEMPORAL_PROFILE || DEFAULT_PROFILE;
  const overrideEnvVars = definedOnly(env);
  // A wrong key in the file that secures the connection should stop us, as a typo in temporal.yaml does.
  const fileOptions = {
    configSource: { path: file ?? '' },
    profile: env.TEMPORAL_PROFILE || undefined,
    configFileStrict: true,
    overrideEnvVars,
  };
  const inFile = `profile "${profileName}" in ${file}`;
  try {
    const fromEnv = attempt('TEMPORAL_* environment', () =>
      loadClientConfigProfile({ disableFile: true, overrideEnvVars }),
    );
    if (file === undefined) {
      return { ok: true, layers: { file, profileName, fromFile: {}, fromEnv, merged: fromEnv } };
    }
    const fromFile = attempt(inFile, () => loadClientConfigProfile({ ...fileOptions, disableEnv: true }));
    // Each layer alone was fine, so a failure here is a clash between them, e.g. a `_path` in the file and a `_DATA`
    // variable.
    const merged = attempt(`TEMPORAL_* environment over ${inFile}`, () => loadClientConfigProfile(fileOptions));
    return { ok: true, layers: { file, profileName, fromFile, fromEnv, merged } };
  } catch (err) {
    if (err instanceof ProfileProblem) return { ok: false, issues: [{ path: err.where, message: err.message }] };
    throw err;
  }
}

/** The profile file to read: TEMPORAL_CONFIG_FILE, which must exist, else the default one when it exists. */
function locateProfileFile(env: Environment): { file: string | undefined } | { issues: ConfigIssue[] } {
  const explicit = env.TEMPORAL_CONFIG_FILE;
  const candidate = explicit ? path.resolve(explicit) : defaultProfileFile(env);
  const file = candidate !== undefined && existsSync(candidate) ? candidate : undefined;
  if (explicit && !file) {
    return { issues: [{ path: 'TEMPORAL_CONFIG_FILE', message: 'file not found', value: `"${explicit}"` }] };
  }
  if (env.TEMPORAL_PROFILE && !file) {
    const looked = candidate ?? 'a config directory';
    return { issues: [{ path: 'TEMPORAL_PROFILE', message: `no profile file to find it in (looked for ${looked})` }] };
  }
  return { file };
}

class ProfileProblem extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(message);
  }
}

function attempt<T>(where: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    throw new ProfileProblem(where, explain(err));
  }
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

/** envconfig's message, first line; for the one key it knows but cannot honour, what to do instead. */
function explain(err: unknown): string {
  const message = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
  return message.includes('disable_host_verification')
    ? `${message} (not supported by the TypeScript SDK: set tls.server_name to a name the server's certificate carries)`
    : message;
}

function definedOnly(env: Environment): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) defined[name] = value;
  return defined;
}
