// First, before anything loads the AWS SDK.
import './quiet-sdk';
import { StandInEventsFileError } from '@scc/google-standin';
import { banner } from './banner';
import { LocalConfigError, readLocalConfig } from './config';
import { DataFolderInUseError } from './data-folder-lock';
import { OutboxFileError } from './ses-outbox-file';
import { PortInUseError, startLocalStack } from './stack';

async function main(): Promise<void> {
  const stack = await startLocalStack(readLocalConfig());
  console.log(banner(stack));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      console.log('Stopping now, without waiting.');
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: closing the API and the local stand-ins, flushing data…`);
    await stack.close();
    console.log('Stopped. Data is kept; `npm start` picks up where you left off.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (
    error instanceof LocalConfigError ||
    error instanceof PortInUseError ||
    error instanceof DataFolderInUseError ||
    error instanceof OutboxFileError ||
    error instanceof StandInEventsFileError
  ) {
    // Each of these says what to do in one line; a stack would only bury it.
    console.error(`Cannot start: ${error.message}`);
  } else {
    console.error('Cannot start the local stack:', error);
  }
  process.exit(1);
});
