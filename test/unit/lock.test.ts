import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkspaceLock } from '../../core/db/lock';
import { ServiceError } from '../../core/errors';

const dirs: string[] = [];
function lockFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-lock-'));
  dirs.push(dir);
  return join(dir, 'loupe.lock');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

function refusal(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('WorkspaceLock', () => {
  it('records the owner and removes the file on release', () => {
    const file = lockFile();
    const lock = WorkspaceLock.acquire(file, 'the test', 'Acme');
    const owner = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; host: string; holder: string };
    expect(owner).toMatchObject({ pid: process.pid, host: hostname(), holder: 'the test' });
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a second holder while the first is alive, naming who holds it', () => {
    const file = lockFile();
    const lock = WorkspaceLock.acquire(file, 'the desktop app', 'Acme');
    const err = refusal(() => WorkspaceLock.acquire(file, 'the CLI', 'Acme'));
    expect(err.code).toBe('workspace-locked');
    expect(err.message).toContain('Acme');
    expect(err.message).toContain('the desktop app');
    lock.release();
  });

  it('reclaims a lock left by a process that no longer exists', () => {
    const file = lockFile();
    writeFileSync(
      file,
      JSON.stringify({ pid: deadPid(), host: hostname(), holder: 'a crashed app', since: 'earlier' }),
    );
    const lock = WorkspaceLock.acquire(file, 'the test', 'Acme');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('does not reclaim a lock held from another host, whose processes it cannot see', () => {
    const file = lockFile();
    writeFileSync(
      file,
      JSON.stringify({ pid: deadPid(), host: 'other-laptop', holder: 'the desktop app', since: 'earlier' }),
    );
    const err = refusal(() => WorkspaceLock.acquire(file, 'the test', 'Acme'));
    expect(err.code).toBe('workspace-locked');
    expect(err.message).toContain('other-laptop');
  });

  it('treats an unreadable lock file as stale', () => {
    const file = lockFile();
    writeFileSync(file, 'not json');
    WorkspaceLock.acquire(file, 'the test', 'Acme').release();
    expect(existsSync(file)).toBe(false);
  });

  it('release does not remove a lock that someone else now holds', () => {
    const file = lockFile();
    const lock = WorkspaceLock.acquire(file, 'the test', 'Acme');
    writeFileSync(file, JSON.stringify({ pid: 1, host: hostname(), holder: 'init', since: 'now' }));
    lock.release();
    expect(existsSync(file)).toBe(true);
  });
});
