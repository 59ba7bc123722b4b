export { type AppOptions, type AppType, createApp, MAX_BODY_BYTES } from './app';
export type { ErrorBody } from './error-response';
export { sha256Hex } from './middleware/service-key';
export type { Mode } from './routes/health';
export { createLinks } from './links';
export {
  type CrewGrant,
  MagicLinkConfigError,
  type MagicLinkKey,
  MagicLinkRejectedError,
  MagicLinks,
  parseMagicLinkKeys,
} from './magic-links';
export { createServices, type Outside, type ServiceSettings, type Services } from './services';
export {
  googleSettings,
  type GoogleSettings,
  magicLinkKeysSetting,
  parseSettings,
  publicUrlSetting,
  SettingsError,
  unsetOr,
} from './settings';
export { type AddressPolicy, LOCAL_STACK, PUBLIC_ONLY } from './outbound/address-policy';
export { createFeedFetcher } from './outbound/feed-fetcher';
export { createWebhookSender } from './outbound/webhook-sender';
export type { OutboxFlusher } from './outbox-sweeper-lambda';
