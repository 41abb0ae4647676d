/**
 * Where `authgraph login` keeps the credential: `$AUTHGRAPH_CONFIG_DIR`, else
 * `$XDG_CONFIG_HOME/authgraph`, else `~/.config/authgraph` (`%APPDATA%\authgraph` on Windows),
 * file `config.json`. The directory is created 0700 and the file written 0600 (the key is a
 * secret); a file others can read is refused.
 * @module
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface StoredConfig {
  baseUrl: string;
  apiKey: string;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AUTHGRAPH_CONFIG_DIR) return env.AUTHGRAPH_CONFIG_DIR;
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'authgraph');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'authgraph');
}

export const configFile = (env?: NodeJS.ProcessEnv) => join(configDir(env), 'config.json');

/** The stored configuration, or null when there is none. Throws when the file is readable by others. */
export function readConfig(env?: NodeJS.ProcessEnv): StoredConfig | null {
  const file = configFile(env);
  if (!existsSync(file)) return null;
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new Error(`${file} is readable by other users: run \`chmod 600 ${file}\` or \`authgraph login\` again.`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as StoredConfig;
}

/** Writes the configuration with mode 0600 in a 0700 directory. */
export function writeConfig(config: StoredConfig, env?: NodeJS.ProcessEnv): string {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = configFile(env);
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an existing file keeps its old mode on write
  return file;
}

export function removeConfig(env?: NodeJS.ProcessEnv): boolean {
  const file = configFile(env);
  if (!existsSync(file)) return false;
  rmSync(file);
  return true;
}
