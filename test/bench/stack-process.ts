/**
 * The local stack (`npm start`'s, via startLocalStack) in a process of its own for
 * `npm run bench -- memory`, run with --expose-gc: it answers the parent's "measure" with
 * process.memoryUsage() before and after a full collection, so the figures separate what is
 * live from garbage V8 has not collected yet.
 */
import '../../packages/local/src/quiet-sdk';
import { readLocalConfig, startLocalStack } from '@scc/local';

type FromParent = { type: 'measure' } | { type: 'close' };

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with --expose-gc');
const dataDir = process.argv[2];
if (!dataDir) throw new Error('Usage: stack-process.ts <data folder>');

const stack = await startLocalStack(
  readLocalConfig({ ...process.env, PORT: '0', LOCAL_DYNAMODB_PORT: '0', LOCAL_S3_PORT: '0', LOCAL_SES_PORT: '0', LOCAL_CALENDAR: 'off', SCC_DATA_DIR: dataDir }),
);
process.send?.({ type: 'ready', apiUrl: stack.apiUrl, serviceKey: stack.serviceKey, outboxUrl: stack.outboxUrl });
process.on('message', async (message: FromParent) => {
  if (message.type === 'measure') {
    const before = process.memoryUsage();
    gc();
    const after = process.memoryUsage();
    process.send?.({ type: 'memory', before, after });
  } else {
    await stack.close();
    process.send?.({ type: 'closed' });
    process.exit(0);
  }
});
