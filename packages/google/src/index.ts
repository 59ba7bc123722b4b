export { GoogleCalendar, type GoogleCalendarConfig } from './calendar';
export { GoogleConfigError } from './errors';
export { parseServiceAccountKey, type ServiceAccountKey } from './service-account';
export {
  CALENDAR_EVENTS_SCOPE,
  ServiceAccountTokenSource,
  type TokenSourceConfig,
} from './token-source';
export { lazyCalendar } from './lazy-calendar';
