export { banner } from './banner';
export { type LocalConfig, LocalConfigError, readLocalConfig } from './config';
export {
  LOCAL_BUCKET,
  LOCAL_TABLE,
  type LocalStack,
  type LocalStackOptions,
  PortInUseError,
  startLocalStack,
} from './stack';
