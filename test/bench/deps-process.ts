/** The child-process side of `startDepsInChild`: runs the dependency servers until told to close. */
import { startDeps } from './deps';

const send = (message: unknown) => process.send?.(message);
const dir = process.argv[2];

if (!process.send || !dir) {
  console.error('deps-process.ts is started by startDepsInChild, with the data folder as its argument');
  process.exitCode = 1;
} else {
  try {
    const deps = await startDeps(dir, (span) => send({ type: 'span', span }));
    let closing: Promise<void> | undefined;
    const closeOnce = () => (closing ??= deps.close());
    process.on('message', (message: { type: 'counts' | 'close' }) => {
      if (message.type === 'counts') {
        deps.counts().then((counts) => send({ type: 'counts', counts }));
      } else {
        closeOnce().finally(() => {
          send({ type: 'closed' });
          process.disconnect();
        });
      }
    });
    // The parent going away (a crash, Ctrl-C) ends this process too.
    process.once('disconnect', () => {
      closeOnce().finally(() => process.exit());
    });
    send({ type: 'ready', info: deps.info });
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.disconnect();
  }
}
