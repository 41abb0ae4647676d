/**
 * The embedded data directory (DATA_DIR): the PGlite database files and master.key. Only this
 * process's user may read or write it: the directory is 0700 and every file in it 0600.
 *
 * A directory that is group- or world-writable is refused at start with a clear message (another
 * local user could have replaced its files); one that is merely readable by others (an older
 * install, a restrictive umask not set) is tightened in place. Files the process writes later
 * (WAL segments) are kept private by a 077 umask set here.
 * @module
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class UnsafeDataDirError extends Error {}

/**
 * Creates (0700) or checks the data directory and makes the directory itself 0700; throws
 * UnsafeDataDirError. The files inside are made private by {@link tightenDataDir}, which the
 * database runs once it has opened them (one walk per start, not one per caller).
 */
export function prepareDataDir(dir: string): void {
  // Everything the server creates from now on is for this user only.
  process.umask(0o077);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) throw new UnsafeDataDirError(`DATA_DIR ${resolve(dir)} is not a directory`);
  if ((stat.mode & 0o022) !== 0) {
    throw new UnsafeDataDirError(
      `refusing to start: DATA_DIR ${resolve(dir)} is group- or world-writable (mode ${(stat.mode & 0o777).toString(8)}); ` +
        `another local user could read or replace the database. Fix it with: chmod 700 ${resolve(dir)}`,
    );
  }
  chmodSync(dir, 0o700);
}

/** 0700 for directories and 0600 for files, through the tree (symbolic links are left alone). */
export function tightenDataDir(dir: string): void {
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    chmodSync(current, 0o700);
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.isFile() && (lstatSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    }
  }
}
