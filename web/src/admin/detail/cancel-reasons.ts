import type { CancelReason } from '../booking-api';

/** The API's cancellation reasons, as the office says them. */
export const CANCEL_REASON_LABELS: Record<string, string> = {
  weather: 'Weather',
  guest: 'The guest cancelled',
  operator: 'We cancelled',
  marketplace: 'The marketplace cancelled',
  other: 'Other',
} satisfies Record<CancelReason, string>;
