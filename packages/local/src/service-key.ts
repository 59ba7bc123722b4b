import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type KeySource = 'SERVICE_KEY' | 'generated' | 'data folder';

/**
 * The local stack's service key: SERVICE_KEY if set, else the one kept in the data folder,
 * else a new one written there (owner-only) so it survives restarts. Production never sees a
 * raw key, only its SHA-256 hash.
 */
export async function loadServiceKey(
  dataDir: string,
  fromEnv?: string,
): Promise<{ key: string; source: KeySource; file: string }> {
  const file = join(dataDir, 'service-key');
  if (fromEnv) return { key: fromEnv, source: 'SERVICE_KEY', file };
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored) return { key: stored, source: 'data folder', file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = `scc_${randomBytes(24).toString('base64url')}`;
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return { key, source: 'generated', file };
}
