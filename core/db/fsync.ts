import { closeSync, fsyncSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite's Node filesystem layer never calls fsync, so committed data survives a
 * process crash but not a power cut until the OS flushes. Where a commit must be
 * durable (closing a workspace, the end of an import) we flush the files ourselves,
 * then each directory so the entries themselves are on disk.
 */
export function fsyncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) fsyncTree(path);
    else if (entry.isFile()) fsyncPath(path);
  }
  fsyncPath(dir);
}

function fsyncPath(path: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch (err) {
    // Some platforms refuse fsync on directories; the file data is what matters most.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw err;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
