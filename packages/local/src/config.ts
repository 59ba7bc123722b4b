import { resolve } from 'node:path';

export interface LocalConfig {
  /** Address every server binds to; loopback unless HOST says otherwise. */
  host: string;
  port: number;
  dynamoPort: number;
  s3Port: number;
  sesPort: number;
  dataDir: string;
  /** Raw service key from SERVICE_KEY; otherwise one is generated and kept in dataDir. */
  serviceKey?: string;
}

export class LocalConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalConfigError';
  }
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new LocalConfigError(`${name} must be a port number from 0 to 65535, not "${raw}"`);
  }
  return value;
}

export function readLocalConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): LocalConfig {
  return {
    host: env.HOST || '127.0.0.1',
    port: port(env, 'PORT', 3000),
    dynamoPort: port(env, 'LOCAL_DYNAMODB_PORT', 8000),
    s3Port: port(env, 'LOCAL_S3_PORT', 4568),
    sesPort: port(env, 'LOCAL_SES_PORT', 8005),
    dataDir: resolve(cwd, env.SCC_DATA_DIR || '.local'),
    ...(env.SERVICE_KEY ? { serviceKey: env.SERVICE_KEY } : {}),
  };
}
