/**
 * Where a booking's time goes, recorded from the outside of the production code: a
 * middleware on each AWS SDK client (the SDK's own extension point), a wrapper around the
 * `fetch` the Google client is given (its own config option) and one around the API's fetch
 * handler. Bookings run one at a time, so every span recorded while booking `i` is in flight
 * belongs to booking `i`.
 */
import type { AbsoluteLocation, InitializeHandlerOptions, InitializeMiddleware, MiddlewareStack } from '@smithy/types';

export interface Span {
  booking: number;
  name: string;
  start: number;
  end: number;
}

export class Trace {
  /** The booking in flight; spans recorded while it is -1 are dropped. */
  current = -1;
  readonly spans: Span[] = [];

  add(name: string, start: number, end: number): void {
    if (this.current >= 0) this.spans.push({ booking: this.current, name, start, end });
  }

  async time<T>(name: string, run: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await run();
    } finally {
      this.add(name, start, performance.now());
    }
  }

  /** Spans reported from another thread, which may arrive after their booking ended. */
  readonly #late: Omit<Span, 'booking'>[] = [];

  /** A span measured elsewhere, in epoch milliseconds; placed by time in `settle`. */
  addEpoch(name: string, epochStart: number, epochEnd: number): void {
    this.#late.push({ name, start: epochStart - performance.timeOrigin, end: epochEnd - performance.timeOrigin });
  }

  /** Gives each late span the booking whose client request was open when it started. */
  settle(windowName: string): void {
    const windows = this.spans.filter((s) => s.name === windowName);
    const unplaced: Omit<Span, 'booking'>[] = [];
    for (const span of this.#late.splice(0)) {
      const owner = windows.find((w) => w.start <= span.start && span.start <= w.end);
      if (owner) this.spans.push({ ...span, booking: owner.booking });
      else unplaced.push(span);
    }
    // Another kind of window may own them.
    this.#late.push(...unplaced);
  }
}

const OUTERMOST: InitializeHandlerOptions & AbsoluteLocation = { step: 'initialize', priority: 'high', name: 'benchTrace' };

/** Times every command a client sends, serialisation, signing and retries included. */
export function traceSdkClient<I extends object, O extends object>(
  client: { middlewareStack: MiddlewareStack<I, O> },
  service: string,
  trace: Trace,
): void {
  const middleware: InitializeMiddleware<I, O> = (next, context) => async (args) => {
    const start = performance.now();
    try {
      return await next(args);
    } finally {
      trace.add(`${service} ${labelOf(context.commandName ?? '?', args.input as unknown as Record<string, unknown>)}`, start, performance.now());
    }
  };
  client.middlewareStack.add(middleware, OUTERMOST);
}

/** A readable name for a DynamoDB call (which item, which step), or the command's name. */
function labelOf(command: string, input: Record<string, unknown>): string {
  const name = command.replace(/Command$/, '');
  const names = input.ExpressionAttributeNames as Record<string, string> | undefined;
  const step = names?.['#step'];
  if (name === 'UpdateItem' && step) {
    return String(input.UpdateExpression).includes(':running') ? `claimStep ${step}` : `recordStep ${step}`;
  }
  const item = input.Item as Record<string, unknown> | undefined;
  if (name === 'PutItem' && typeof item?.entity === 'string') return `put ${item.entity}`;
  const key = input.Key as Record<string, unknown> | undefined;
  if (typeof key?.sk === 'string') {
    const sk = key.sk.split('#')[0] ?? key.sk;
    return `${name} ${sk.toLowerCase()}`;
  }
  return name;
}

/** `fetch`, timing each call under a name chosen from its URL. */
export function tracedFetch(trace: Trace, nameOf: (url: string, method: string) => string): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    // Until the response head arrives; the stand-in writes head and body together.
    return trace.time(nameOf(url, method), () => fetch(input, init));
  };
}
