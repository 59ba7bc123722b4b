import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Names the folder and the process holding it, so the message says what to stop. */
export class DataFolderInUseError extends Error {
  constructor(dataDir: string, pid: number, options?: { cause?: unknown }) {
    super(
      `The data folder ${dataDir} is in use by another npm start (process ${pid}). Stop that one first, or set SCC_DATA_DIR to another folder. (If none is running, delete ${join(dataDir, LOCK_FILE)}.)`,
      options,
    );
    this.name = 'DataFolderInUseError';
  }
}

export const LOCK_FILE = 'scc.pid';

/**
 * One stack per data folder: a second one would find dynalite's LevelDB locked and fail on
 * its first request with "Database is closed", and both would write the same S3 folder and
 * outbox. The lock is a file holding the owner's process id, created exclusively; a file
 * left by a process that is gone (killed, crashed) is taken over.
 */
export async function lockDataFolder(dataDir: string): Promise<{ release(): Promise<void> }> {
  const file = join(dataDir, LOCK_FILE);
  const token = `${process.pid}\n`;
  let holder = Number.NaN;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, token, { flag: 'wx', mode: 0o600 });
      return {
        release: async () => {
          // Only our own lock: after a takeover race the file may be another process's.
          if ((await readFile(file, 'utf8').catch(() => '')) === token) await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    // The same process counts as a holder too: a second stack in one process would clash the same way.
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) throw new DataFolderInUseError(dataDir, holder);
    await rm(file, { force: true });
  }
  // Another start took the stale lock between our removing it and trying again.
  throw new DataFolderInUseError(dataDir, holder);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
