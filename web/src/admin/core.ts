/**
 * The parts of @scc/core the console runs in the browser: the very schema the API validates a
 * booking with, and the currencies' decimals, from the package's browser-safe entry.
 */
export {
  type BookingInput,
  bookingCreateSchema,
  crewCreateSchema,
  currencyDigits,
  STEP_NAMES,
  type StepName,
  type StepState,
  type Steps,
} from '@scc/core/browser';
