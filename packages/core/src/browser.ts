/**
 * What browser code may import from the domain: schemas and pure helpers, none of which
 * needs Node (the package's main entry does, for hashing ids).
 */
export {
  bookingCreateSchema,
  type BookingInput,
  type BookingPatchInput,
  type BookingSubmission,
  STEP_NAMES,
  type StepName,
  type StepState,
  type Steps,
} from './booking/schema';
export { channelCreateSchema, channelDefaultsSchema, channelPatchSchema } from './channels/channel-schema';
export { currencyDigits } from './finance/month';
export { crewCreateSchema } from './schemas/crew';
export { type FinanceTotal, totalsOf } from './finance/totals';
