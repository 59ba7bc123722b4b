import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { respondToError, respondToUnknownRoute } from './error-response';
import { PayloadTooLargeError } from './http-errors';
import { requestLog } from './middleware/request-log';
import { serviceKeyAuth } from './middleware/service-key';
import { documentedServiceKey } from './openapi/describe';
import { adminRoutes } from './routes/admin';
import { bookingPhotoRoutes } from './routes/booking-photos';
import { bookingRoutes } from './routes/bookings';
import { channelRoutes } from './routes/channels';
import { webhookRoutes } from './routes/webhooks';
import { crewRoutes } from './routes/crew';
import { crewPageRoutes } from './routes/crew-page';
import { docsRoutes } from './routes/docs';
import { eventRoutes } from './routes/events';
import { feedRoutes } from './routes/feeds';
import { financeRoutes } from './routes/finance';
import { guestRoutes } from './routes/guest';
import { healthRoutes, type Mode } from './routes/health';
import { settingsRoutes } from './routes/settings';
import type { Services } from './services';

export interface AppOptions {
  services: Services;
  /** Hex SHA-256 of the service key; the raw key is never configured in production. */
  serviceKeyHash: string;
  mode: Mode;
  /** In AWS, the secret CloudFront adds to its requests (client-address.ts); unset elsewhere. */
  edgeToken?: string;
}

export const MAX_BODY_BYTES = 64 * 1024;

export function createApp({ services, serviceKeyHash, mode, edgeToken }: AppOptions) {
  // Marked for the OpenAPI document: the routes behind this middleware are the ones it lists.
  const requireServiceKey = documentedServiceKey(serviceKeyAuth(serviceKeyHash));
  const app = new Hono()
    .onError(respondToError)
    .notFound(respondToUnknownRoute)
    // First, so its line covers every request, refused ones included.
    .use(requestLog())
    .use(
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: () => {
          throw new PayloadTooLargeError(`The request body is over ${MAX_BODY_BYTES / 1024} KB`, {
            details: { maxBytes: MAX_BODY_BYTES },
          });
        },
      }),
    )
    .use('/crew/*', requireServiceKey)
    .use('/events/*', requireServiceKey)
    .use('/bookings/*', requireServiceKey)
    .use('/finance/*', requireServiceKey)
    .use('/settings/*', requireServiceKey)
    .use('/channels/*', requireServiceKey)
    .use('/webhooks/*', requireServiceKey)
    .route('/health', healthRoutes(mode))
    .route('/crew', crewRoutes(services.crew))
    .route('/events', eventRoutes(services.events, services.bookings))
    .route('/bookings', bookingRoutes(services.bookings, services.events, services.crew))
    .route('/bookings', bookingPhotoRoutes(services.albums))
    .route('/settings', settingsRoutes(services.bookings))
    .route('/finance', financeRoutes(services.finance))
    .route('/channels', channelRoutes(services.channels, services.channelSync))
    .route('/webhooks', webhookRoutes(services.webhooks))
    // No `.use('/feeds/*')`: the `.ics` feeds are public (keyed in the URL); the JSON routes
    // take the service key themselves.
    .route('/feeds', feedRoutes(services.feeds, requireServiceKey))
    .route('/c', crewPageRoutes(services))
    .route('/g', guestRoutes(services.events, services.photos, edgeToken))
    .route('/admin', adminRoutes(services.mediaOrigin ? { mediaOrigin: services.mediaOrigin } : {}));
  // Documents the app it is part of, read on the first request, so routes added above count.
  // Mounted aside from the chain: the typed client (AppType) has no use for these two.
  app.route('/', docsRoutes(app));
  return app;
}

export type AppType = ReturnType<typeof createApp>;
