import {
  type AlbumArchiver,
  AlbumService,
  NO_ALBUM_ARCHIVER,
  type BookingLinks,
  BookingService,
  type CalendarPort,
  type CdnInvalidator,
  type Clock,
  DigestService,
  busyOfBlocks,
  type DeliveryQueue,
  OutboxRelay,
  WebhookDelivery,
  type WebhookSender,
  WebhookService,
  ChannelService,
  ChannelSync,
  CrewResponseService,
  CrewService,
  EventService,
  type FeedFetcher,
  FeedService,
  FinanceReport,
  type GuestPageStore,
  type Mailer,
  parseFeed,
  type PhotoStorage,
  PhotoService,
  type ReminderScheduler,
  ReminderService,
  type UploadLimits,
  type StepName,
  type StepPolicy,
  systemClock,
} from '@scc/core';
import {
  type createDocumentClient,
  DynamoBookingRepository,
  DynamoChannelRepository,
  DynamoOutboxRepository,
  DynamoWebhookRepository,
  DynamoCrewRepository,
  DynamoEventRepository,
  DynamoFeedKeyRepository,
  DynamoNotificationRepository,
  DynamoPhotoRepository,
  DynamoSettingsRepository,
} from '@scc/aws/dynamo';
import {
  renderAfterTrip,
  renderCrewDeclined,
  renderCrewNotice,
  renderCrewReminder,
  renderDigest,
  renderGuestNotice,
  renderGuestPage,
  renderGuestReminder,
  renderWebhookDisabled,
} from '@scc/pages';
import { feedLinks, HmacFeedKeys } from './feed-keys';
import { createLinks } from './links';
import type { MagicLinks } from './magic-links';

/** What differs between AWS, the local stack and tests: the adapters to the outside world. */
export interface Outside {
  guestPages: GuestPageStore;
  cdn: CdnInvalidator;
  mailer: Mailer;
  /** Undefined when Google Calendar is not configured. */
  calendar?: CalendarPort;
  magicLinks: MagicLinks;
  photoStorage: PhotoStorage;
  /** Marketplace feeds: public addresses only in AWS; loopback too locally, for tests. */
  feedFetcher: FeedFetcher;
  /** Webhook deliveries: SQS FIFO in AWS, an in-process queue locally, a recording fake in tests. */
  deliveryQueue: DeliveryQueue;
  /** Webhook POSTs, within the same address rules as feeds. */
  webhookSender: WebhookSender;
  /** The console's "Download all" zips; without one, listing photos works and downloads are refused. */
  albumArchiver?: AlbumArchiver;
  /** One-time reminders: EventBridge Scheduler in AWS, the local scheduler; absent: the step is skipped. */
  reminderScheduler?: ReminderScheduler;
}

/** The values the services are set up with, from each environment's parsed settings. */
export interface ServiceSettings {
  /** Where guests and crew reach SCC, e.g. the CloudFront domain. */
  publicBaseUrl: string;
  /** The origin browsers reach the photo bucket at (for the guest page's CSP). */
  mediaOrigin?: string;
  uploadLimits?: Partial<UploadLimits>;
  stepPolicies?: Partial<Record<StepName, StepPolicy>>;
}

export interface Services {
  /** A booking's photos for the office, and its zip. */
  albums: AlbumService;
  /** The photo bucket's origin, for the console's CSP (thumbnails). */
  mediaOrigin?: string;
  crew: CrewService;
  events: EventService;
  bookings: BookingService;
  crewResponses: CrewResponseService;
  finance: FinanceReport;
  photos: PhotoService;
  magicLinks: MagicLinks;
  links: BookingLinks;
  feeds: FeedService;
  webhooks: WebhookService;
  outboxRelay: OutboxRelay;
  webhookDelivery: WebhookDelivery;
  channels: ChannelService;
  channelSync: ChannelSync;
  /** What a reminder schedule runs when it fires. */
  reminders: ReminderService;
  /** The operator's daily digest, run every few minutes. */
  digest: DigestService;
}

/** Wires the domain services to the table and the outside world; shared by every entry point. */
export function createServices(
  db: ReturnType<typeof createDocumentClient>,
  tableName: string,
  outside: Outside,
  settings: ServiceSettings,
  clock: Clock = systemClock,
): Services {
  const crewRepo = new DynamoCrewRepository(db, tableName);
  const links = createLinks(settings.publicBaseUrl, outside.magicLinks);
  const bookingRepo = new DynamoBookingRepository(db, tableName);
  const eventRepo = new DynamoEventRepository(db, tableName);
  const operatorSettings = new DynamoSettingsRepository(db, tableName);
  const channelRepo = new DynamoChannelRepository(db, tableName);
  const webhookRepo = new DynamoWebhookRepository(db, tableName);
  const outboxRelay = new OutboxRelay({
    outbox: new DynamoOutboxRepository(db, tableName, clock),
    webhooks: webhookRepo,
    queue: outside.deliveryQueue,
    finance: (bookingId) => bookingRepo.getFinance(bookingId),
    clock,
  });
  const bookings = new BookingService({
    bookings: bookingRepo,
    notifications: new DynamoNotificationRepository(db, tableName),
    events: eventRepo,
    crew: crewRepo,
    settings: operatorSettings,
    blocks: channelRepo,
    // The booking's new events go to the webhook relay at once; the sweep catches up after a crash.
    publish: async (bookingId) => void (await outboxRelay.flushIfSubscribed({ pk: `BOOKING#${bookingId}`, sk: 'BOOKING' })),
    ...(outside.calendar ? { calendar: outside.calendar } : {}),
    guestPages: outside.guestPages,
    cdn: outside.cdn,
    mailer: outside.mailer,
    ...(outside.reminderScheduler ? { scheduler: outside.reminderScheduler } : {}),
    render: {
      guestPage: (view) =>
        renderGuestPage(view, settings.mediaOrigin ? { mediaOrigin: settings.mediaOrigin } : {}),
      crewNotice: renderCrewNotice,
      guestNotice: renderGuestNotice,
    },
    links,
    clock,
    ...(settings.stepPolicies ? { policies: settings.stepPolicies } : {}),
  });
  const notifications = new DynamoNotificationRepository(db, tableName);
  const scheduled = {
    bookings: bookingRepo,
    events: eventRepo,
    crew: crewRepo,
    notifications,
    mailer: outside.mailer,
    settings: () => bookings.getSettings(),
    clock,
  };
  return {
    reminders: new ReminderService({
      ...scheduled,
      render: { crewReminder: renderCrewReminder, guestReminder: renderGuestReminder, afterTrip: renderAfterTrip },
      links,
    }),
    digest: new DigestService({ ...scheduled, channels: channelRepo, render: renderDigest, adminBookingUrl: links.adminBookingUrl }),
    crew: new CrewService(crewRepo, clock),
    events: new EventService(eventRepo, crewRepo, clock),
    bookings,
    crewResponses: new CrewResponseService({
      bookings: bookingRepo,
      crew: crewRepo,
      notifications: new DynamoNotificationRepository(db, tableName),
      mailer: outside.mailer,
      render: renderCrewDeclined,
      settings: () => bookings.getSettings(),
      links,
      clock,
    }),
    finance: new FinanceReport(bookingRepo),
    albums: new AlbumService({
      bookings: bookingRepo,
      photos: new DynamoPhotoRepository(db, tableName),
      storage: outside.photoStorage,
      archiver: outside.albumArchiver ?? NO_ALBUM_ARCHIVER,
      clock,
    }),
    ...(settings.mediaOrigin ? { mediaOrigin: settings.mediaOrigin } : {}),
    photos: new PhotoService({
      events: eventRepo,
      photos: new DynamoPhotoRepository(db, tableName),
      storage: outside.photoStorage,
      clock,
      publish: async (eventId, photoId) => void (await outboxRelay.flushIfSubscribed({ pk: `EVENT#${eventId}`, sk: `PHOTO#${photoId}` })),
      settings: () => bookings.getSettings(),
      ...(settings.uploadLimits ? { limits: settings.uploadLimits } : {}),
    }),
    magicLinks: outside.magicLinks,
    links,
    webhooks: new WebhookService(webhookRepo, outboxRelay, clock),
    outboxRelay,
    webhookDelivery: new WebhookDelivery({
      webhooks: webhookRepo,
      sender: outside.webhookSender,
      mailer: outside.mailer,
      renderDisabled: renderWebhookDisabled,
      clock,
      consoleUrl: (webhookId) => `${settings.publicBaseUrl.replace(/\/+$/, '')}/admin/webhooks#${webhookId}`,
    }),
    channels: new ChannelService(channelRepo, clock),
    channelSync: new ChannelSync({ channels: channelRepo, bookings, fetcher: outside.feedFetcher, parse: parseFeed, clock }),
    feeds: new FeedService({
      bookings: bookingRepo,
      events: eventRepo,
      crew: crewRepo,
      feedKeys: new DynamoFeedKeyRepository(db, tableName),
      signer: HmacFeedKeys.fromMagicLinks(outside.magicLinks),
      links: feedLinks(settings.publicBaseUrl, links.crewPageUrl),
      clock,
      // Owners' blocks from every channel: a date blocked on one marketplace is blocked on all.
      otherBusy: async (boat, window) => busyOfBlocks(await channelRepo.blocksAround(window), boat),
    }),
  };
}
