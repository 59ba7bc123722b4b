/**
 * The parts of @scc/core the console runs in the browser: the very schema the API validates a
 * booking or a channel with, the currencies' decimals and the finance totals, from the package's
 * browser-safe entry.
 */
export {
  type BookingInput,
  type BookingPatchInput,
  type BookingSubmission,
  bookingCreateSchema,
  channelCreateSchema,
  channelDefaultsSchema,
  channelPatchSchema,
  crewCreateSchema,
  currencyDigits,
  STEP_NAMES,
  type StepName,
  type StepState,
  type Steps,
  totalsOf,
} from '@scc/core/browser';
