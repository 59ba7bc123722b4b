import { type CalendarPort, DependencyRejectedError } from '@scc/core';
import { GoogleConfigError } from './errors';

type Built = { port: CalendarPort } | { error: DependencyRejectedError };

/**
 * A CalendarPort that builds the real one on its first call. The Google key is optional, so a
 * malformed one must not stop the API at start (`/health` included): it fails the calendar
 * step instead, "Google Calendar is misconfigured: …", as DependencyRejectedError, which the
 * step reports as failed and not retryable (retrying cannot fix a bad key; changing it does).
 * The outcome of building is kept, so a bad key is parsed once, not on every call.
 */
export function lazyCalendar(build: () => CalendarPort): CalendarPort {
  let built: Built | undefined;
  const port = (): CalendarPort => {
    built ??= tryBuild(build);
    if ('error' in built) throw built.error;
    return built.port;
  };
  return {
    insertEvent: async (event, signal) => port().insertEvent(event, signal),
    updateEvent: async (event, signal) => port().updateEvent(event, signal),
    cancelEvent: async (eventId, signal) => port().cancelEvent(eventId, signal),
  };
}

function tryBuild(build: () => CalendarPort): Built {
  try {
    return { port: build() };
  } catch (error) {
    // Anything else is a bug, not configuration: let the step report it as unexpected.
    if (!(error instanceof GoogleConfigError)) throw error;
    return {
      error: new DependencyRejectedError(`Google Calendar is misconfigured: ${error.message}`, {
        cause: error,
        details: { code: error.code },
      }),
    };
  }
}
