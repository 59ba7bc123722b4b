export { banner } from './banner';
export { type LocalConfig, LocalConfigError, readLocalConfig } from './config';
export { DataFolderInUseError } from './data-folder-lock';
export { OutboxFileError } from './ses-outbox-file';
export {
  LOCAL_BUCKET,
  LOCAL_TABLE,
  OUTBOX_FILE,
  type LocalStack,
  type LocalStackOptions,
  PortInUseError,
  startLocalStack,
} from './stack';
