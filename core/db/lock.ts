import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { fail } from '../errors';

export interface LockOwner {
  pid: number;
  host: string;
  /** Which shell holds it: "desktop app", "CLI", … — shown to whoever is refused. */
  holder: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM means the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** A killed process can linger as a zombie until its parent reaps it; it holds nothing. */
function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

function readOwner(file: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return {
      pid: parsed.pid,
      host: parsed.host,
      holder: typeof parsed.holder === 'string' ? parsed.holder : 'another Loupe process',
      since: typeof parsed.since === 'string' ? parsed.since : 'unknown',
    };
  } catch {
    return null;
  }
}

/**
 * An exclusive, cross-process lock on one workspace. PGlite is single-user
 * Postgres: a second process opening the same data directory would corrupt it.
 * The lock file is created with O_EXCL; a lock left by a dead process on this
 * host is reclaimed, one held by a live process (or another host) is refused.
 */
export class WorkspaceLock {
  private released = false;
  private constructor(readonly file: string) {}

  static acquire(file: string, holder: string, workspaceName: string): WorkspaceLock {
    const me: LockOwner = { pid: process.pid, host: hostname(), holder, since: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        try {
          writeSync(fd, JSON.stringify(me));
        } finally {
          closeSync(fd);
        }
        return new WorkspaceLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = readOwner(file);
      const stale =
        owner === null || (owner.host === me.host && owner.pid !== process.pid && !isAlive(owner.pid));
      if (!stale) {
        const who =
          owner.host === me.host
            ? `${owner.holder} (process ${owner.pid})`
            : `${owner.holder} on ${owner.host} (process ${owner.pid})`;
        fail(
          'workspace-locked',
          `Workspace "${workspaceName}" is open in ${who} since ${owner.since}. Close it there first; a workspace can be open in one place at a time.`,
          { ...owner },
        );
      }
      try {
        unlinkSync(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    return fail(
      'workspace-locked',
      `Workspace "${workspaceName}" is being opened by another process; try again.`,
    );
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    const owner = readOwner(this.file);
    if (owner && owner.pid === process.pid && owner.host === hostname()) {
      try {
        unlinkSync(this.file);
      } catch {
        // Already gone: nothing to release.
      }
    }
  }
}
