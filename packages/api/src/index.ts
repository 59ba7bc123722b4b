export { type AppOptions, type AppType, createApp, MAX_BODY_BYTES } from './app';
export type { ErrorBody } from './error-response';
export { sha256Hex } from './middleware/service-key';
export type { Mode } from './routes/health';
export { createServices, type Services } from './services';
