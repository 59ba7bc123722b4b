import { Logger } from '@aws-lambda-powertools/logger';
import { SccError } from '@scc/core';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';

/**
 * The API's one logger: Powertools for AWS Lambda writes one JSON object per line, which
 * CloudWatch Logs Insights queries by field, and the local stack writes the same lines
 * (`POWERTOOLS_DEV=true` indents them for reading; `POWERTOOLS_LOG_LEVEL` sets the level).
 */
export const logger = new Logger({ serviceName: 'scc-api' });

export type RequestLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

/** What hono/aws-lambda binds as `c.env`; absent on the local stack. */
interface LambdaBindings {
  lambdaContext?: { awsRequestId?: string };
  event?: { requestContext?: { requestId?: string } };
}

/**
 * One line per request: request id, method, route (the pattern, so lines group by endpoint),
 * status, latency and, when there is one, the booking id. Level by status: a dependency that
 * failed (502 rejected, 503 unavailable) is `warn`, since it is not our bug but someone should
 * see it; any other 5xx is a bug and `error`, with the stack; everything else is `info`.
 */
export function requestLog(log: RequestLogger = logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const bookingId = bookingIdOf(c);
    const route = routeOf(c);
    const error = c.error;
    const line = {
      message: 'request',
      requestId: requestIdOf(c),
      method: c.req.method,
      path: c.req.path,
      ...(route ? { route } : {}),
      status,
      latencyMs: Math.round(performance.now() - started),
      ...(bookingId ? { bookingId } : {}),
      ...(error instanceof SccError ? { errorCode: error.code } : {}),
      // Only server-side failures carry the error itself (with its cause chain); a refused
      // request is the caller's to fix and its code says enough.
      ...(error && status >= 500 ? { error } : {}),
    };
    if (status === 502 || status === 503) log.warn(line);
    else if (status >= 500) log.error(line);
    else log.info(line);
  };
}

/** API Gateway's id for the request when on Lambda (the one in its access logs), else a new one. */
function requestIdOf(c: Context): string {
  const env = c.env as LambdaBindings | undefined;
  return env?.lambdaContext?.awsRequestId ?? env?.event?.requestContext?.requestId ?? crypto.randomUUID();
}

/**
 * The pattern of the route that answered (`/bookings/:bookingId`). Middleware (`use`, method
 * ALL) is not a route: a request no route matched has none.
 */
function routeOf(c: Context): string | undefined {
  const answered = matchedRoutes(c)[c.req.routeIndex];
  return answered && answered.method !== 'ALL' ? answered.path : undefined;
}

/** From the route (`/bookings/:bookingId/…`), or from `Location` when one was just created. */
function bookingIdOf(c: Context): string | undefined {
  const fromRoute = c.req.param('bookingId');
  if (fromRoute) return fromRoute;
  return /^\/bookings\/([^/?]+)$/.exec(c.res.headers.get('Location') ?? '')?.[1];
}
