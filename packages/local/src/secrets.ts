import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type SecretSource = 'environment' | 'generated' | 'data folder';

/**
 * A local secret: from the environment if set, else the copy kept in the data folder, else a
 * new one written there (owner-only) so links and keys survive restarts.
 */
export async function loadSecret(
  dataDir: string,
  fileName: string,
  fromEnv: string | undefined,
  generate: () => string,
): Promise<{ value: string; source: SecretSource; file: string }> {
  const file = join(dataDir, fileName);
  if (fromEnv) return { value: fromEnv, source: 'environment', file };
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored) return { value: stored, source: 'data folder', file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const value = generate();
  await writeFile(file, `${value}\n`, { mode: 0o600 });
  return { value, source: 'generated', file };
}

export const newServiceKey = () => `scc_${randomBytes(24).toString('base64url')}`;
export const newMagicLinkKeys = () => `local1:${randomBytes(32).toString('base64url')}`;
/** The secret half of the local media key (photo upload and gallery URLs); never leaves this machine. */
export const newMediaSigningSecret = () => randomBytes(32).toString('base64url');
