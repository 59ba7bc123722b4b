import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalStack, type LocalStackOptions, readLocalConfig, startLocalStack } from '@scc/local';

/** Every server of the local stack on a free port. */
export const FREE_PORTS = { PORT: '0', LOCAL_DYNAMODB_PORT: '0', LOCAL_S3_PORT: '0', LOCAL_SES_PORT: '0' };

/**
 * The stack `npm start` runs, on free ports and a fresh data folder, with helpers to call the
 * API as the office does. `stop` closes it and removes the folder.
 */
export async function startTestStack(env: Record<string, string> = {}, options: LocalStackOptions = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'scc-stack-'));
  // The calendar stand-in stays off unless a test asks for it (LOCAL_CALENDAR: 'standin') or
  // brings its own Google (GOOGLE_* env), so a skipped calendar step is what tests expect.
  const config = readLocalConfig({ ...FREE_PORTS, LOCAL_CALENDAR: 'off', SCC_DATA_DIR: dataDir, ...env });
  const stack: LocalStack = await startLocalStack(config, options);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { 'X-Service-Key': stack.serviceKey, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };
  return {
    stack,
    dataDir,
    call,
    stop: async () => {
      await stack.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestStack = Awaited<ReturnType<typeof startTestStack>>;
