export * from './errors';
export * from './ids';
export * from './ports';
export * from './schemas/crew';
export * from './schemas/event';
export * from './schemas/paging';
export { CrewService } from './services/crew-service';
export { EventService } from './services/event-service';
export * from './time';
export * from './booking/ports';
export {
  type BookingDependencies,
  type BookingLinks,
  type BookingOutcome,
  type BookingRenderers,
  type BookingResult,
  BookingService,
  type ChangeOptions,
  type ChangePreview,
  DEFAULT_STEP_POLICIES,
} from './booking/booking-service';
export { applyPatch, patchFromSubmission } from './booking/changes';
export { type Conflict, findConflicts, turnaroundMs } from './booking/conflicts';
export { type CrewLink, CrewLinkService } from './booking/crew-link-service';
export {
  type CrewAnswer,
  type CrewDeclinedView,
  CrewResponseClosedError,
  type CrewResponseDependencies,
  CrewResponseService,
  type CrewResponseStatus,
  type CrewStatus,
  crewStatusOf,
  type ResponseClosedReason,
  type ResponseOutcome,
  responseOf,
} from './booking/crew-responses';
export { type CrewPageBooking, type CrewPageResponse } from './booking/crew-page-view';
export { renderTripIcs } from './booking/crew-trip-ics';
export { answerLine, tickTime } from './booking/crew-tick-time';
export { briefOf, changedFields, CREW_LINK_GRACE_MS, crewLinkExpiry, type PlannedNotice, planNotices } from './booking/crew-notices';
export { guestPagePaths } from './booking/steps/guest-page-step';
export * from './booking/guest-notices';
export { GUEST_RECIPIENT } from './booking/steps/guest-notices-step';
export * from './reminders/ports';
export * from './reminders/index';
export { RunProtocol } from './booking/run-protocol';
export { canonicalJson, differingFields, payloadHash } from './booking/canonical';
export { type BookingBasis, calendarDraftOf, crewEventOf, tasksOf } from './booking/drafts';
export { calendarEventId, deriveBookingId, deriveEventId, newGuestSlug } from './booking/ids';
export * from './booking/repository';
export { mergeSettings, resolveSettings, type SettingsInput, settingsSchema } from './settings/operator-settings';
export * from './booking/schema';
export { runStep, type Sleep, type StepPolicy, type StepResult } from './booking/step-runner';
export * from './booking/views';
export { type GuestPageView, toGuestPageView } from './booking/guest-page-view';
export { type CrewPageView, toCrewPageView } from './booking/crew-page-view';
export * from './photos/ports';
export { type Gallery, type GalleryPhoto, PhotoService, type StartedUpload } from './photos/photo-service';
export * from './photos/album';
export * from './photos/policy';
export * from './photos/repository';
export * from './photos/schema';
export { toCsv } from './finance/csv';
export { type FinanceMonth, FinanceReport, type FinanceRow, type FinanceTotal } from './finance/finance-report';
export { currencyDigits, formatMinorUnits, inMonth, monthSchema, monthSearchRange } from './finance/month';
export * from './feeds/ports';
export { type BusyBlock, bookingBusyBlocks, busyOfBlocks, BUSY_SUMMARY, type CrewFeedEntry, crewFeedEntry, renderBusyFeed, renderCrewFeed, uidOf } from './feeds/ics';
export { type FeedDependencies, type FeedLinks, type FeedList, FeedNotFoundError, FeedService, feedWindow, FEED_AHEAD_MONTHS, FEED_PAST_DAYS } from './feeds/feed-service';
export { type BoatBlockSource } from './booking/conflicts';
export { type ImportedBooking } from './booking/booking-service';
export * from './channels/channel-schema';
export * from './channels/channel-repository';
export { ChannelService } from './channels/channel-service';
export { ChannelSync, type ChannelSyncDependencies, type FeedParser, type SyncOutcome } from './channels/channel-sync';
export * from './channels/feed';
export { parseFeed, type ParseOptions } from './channels/feed-parse';
export { type Classification, type ClassifyInput, classifyEvent } from './channels/feed-classify';
export * from './webhooks/event-schema';
export * from './webhooks/ports';
export * from './webhooks/webhook-schema';
export * from './webhooks/webhook-repository';
export { bookingEventOf, newEventId, stepFailedEventOf } from './webhooks/booking-events';
export { deliveryIdOf, OutboxRelay, type OutboxRelayDependencies } from './webhooks/outbox-relay';
export { BACKOFF_MS, backoffMs, DELIVERY_TIMEOUT_MS, DISABLE_AFTER_MS, type DeliveryHandler, GIVE_UP_AFTER_MS, WebhookDelivery, type WebhookDeliveryDependencies, type WebhookDisabledView } from './webhooks/webhook-delivery';
export { ROTATION_GRACE_MS, WebhookService } from './webhooks/webhook-service';
