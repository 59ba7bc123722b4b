import { importPKCS8, SignJWT } from 'jose';
import { GoogleConfigError } from './errors';
import { malformedToken, requestFailure, tokenFailure } from './failures';
import { readJson } from './http';
import type { ServiceAccountKey } from './service-account';

/** Create, read and change events; nothing else on the operator's calendars. */
export const CALENDAR_EVENTS_SCOPE = 'https://www.googleapis.com/auth/calendar.events';

/** Google accepts assertions that live at most an hour. */
const ASSERTION_LIFETIME_SECONDS = 3600;

/** A token is renewed this long before Google says it expires, so no call carries a dying one. */
const EXPIRY_MARGIN_MS = 60_000;

export interface TokenSourceConfig {
  serviceAccount: ServiceAccountKey;
  /** Space-separated scopes; the Calendar events scope by default. */
  scope?: string;
  /** The Workspace user to act as (domain-wide delegation); if absent, the account itself. */
  subject?: string;
  fetch?: typeof fetch;
  clock?: () => Date;
}

interface Token {
  value: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** One token request, shared by everyone who asked while it ran. */
interface InFlight {
  promise: Promise<Token>;
  controller: AbortController;
  waiters: number;
}

/**
 * Access tokens for a service account, by the OAuth 2.0 JWT bearer flow: sign an assertion
 * with the account's private key, trade it at `token_uri` for an access token, and keep that
 * until shortly before it expires. Concurrent callers share one token request.
 */
export class ServiceAccountTokenSource {
  readonly #account: ServiceAccountKey;
  readonly #scope: string;
  readonly #subject: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #clock: () => Date;
  #privateKey: Promise<CryptoKey> | undefined;
  #cached: Token | undefined;
  #inFlight: InFlight | undefined;

  constructor(config: TokenSourceConfig) {
    this.#account = config.serviceAccount;
    this.#scope = config.scope ?? CALENDAR_EVENTS_SCOPE;
    this.#subject = config.subject;
    this.#fetch = config.fetch ?? ((input, init) => fetch(input, init));
    this.#clock = config.clock ?? (() => new Date());
  }

  /**
   * A valid access token. Aborting `signal` stops this caller's wait; the shared request goes
   * on for the others and is cancelled only when nobody waits for it any more.
   */
  async token(signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) throw requestFailure('token', signal.reason, signal);
    const cached = this.#cached;
    if (cached && this.#clock().getTime() < cached.expiresAt - EXPIRY_MARGIN_MS) {
      return cached.value;
    }
    const inFlight = (this.#inFlight ??= this.#start());
    return (await this.#wait(inFlight, signal)).value;
  }

  /**
   * Forgets a token the API refused (revoked, or the clocks disagree about its age). A token
   * that already replaced it stays, so callers that all saw the same 401 refresh only once.
   */
  invalidate(token: string): void {
    if (this.#cached?.value === token) this.#cached = undefined;
  }

  #start(): InFlight {
    const controller = new AbortController();
    const promise = this.#request(controller.signal);
    const inFlight: InFlight = { controller, waiters: 0, promise };
    // Attached before any waiter's handlers, so the cache is filled and the slot freed
    // before a waiter can ask again.
    const settle = () => {
      if (this.#inFlight === inFlight) this.#inFlight = undefined;
    };
    inFlight.promise.then((token) => {
      this.#cached = token;
      settle();
    }, settle);
    return inFlight;
  }

  #wait(inFlight: InFlight, signal?: AbortSignal): Promise<Token> {
    inFlight.waiters += 1;
    if (!signal) return inFlight.promise;
    return new Promise<Token>((resolve, reject) => {
      const onAbort = () => {
        inFlight.waiters -= 1;
        if (inFlight.waiters === 0) {
          if (this.#inFlight === inFlight) this.#inFlight = undefined;
          inFlight.controller.abort(signal.reason);
        }
        reject(requestFailure('token', signal.reason, signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      inFlight.promise.then(
        (token) => {
          signal.removeEventListener('abort', onAbort);
          resolve(token);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error as Error);
        },
      );
    });
  }

  async #request(signal: AbortSignal): Promise<Token> {
    const startedAt = this.#clock().getTime();
    const assertion = await this.#assertion(startedAt);
    const body = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
    });
    let response: Response;
    let answer: unknown;
    try {
      response = await this.#fetch(this.#account.token_uri, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body,
        signal,
      });
      answer = await readJson(response);
    } catch (error) {
      throw requestFailure('token', error, signal);
    }
    if (!response.ok) throw tokenFailure(response.status, answer);
    const value = (answer as { access_token?: unknown } | undefined)?.access_token;
    const expiresIn = (answer as { expires_in?: unknown } | undefined)?.expires_in;
    if (typeof value !== 'string' || value === '') throw malformedToken();
    // Counted from before the request, so the cache errs towards renewing early.
    const lifetimeMs = (typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : 3600) * 1000;
    return { value, expiresAt: startedAt + lifetimeMs };
  }

  async #assertion(nowMs: number): Promise<string> {
    const issuedAt = Math.floor(nowMs / 1000);
    const jwt = new SignJWT({ scope: this.#scope })
      .setProtectedHeader({
        alg: 'RS256',
        typ: 'JWT',
        ...(this.#account.private_key_id ? { kid: this.#account.private_key_id } : {}),
      })
      .setIssuer(this.#account.client_email)
      .setAudience(this.#account.token_uri)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ASSERTION_LIFETIME_SECONDS);
    if (this.#subject) jwt.setSubject(this.#subject);
    return jwt.sign(await this.#key());
  }

  /**
   * Imported once: parsing the PEM costs more than signing with the imported key. A key that
   * fails to import keeps failing, so the failure is kept too.
   */
  #key(): Promise<CryptoKey> {
    this.#privateKey ??= importPKCS8(this.#account.private_key, 'RS256').catch(() => {
      // No cause: nothing derived from the key material belongs in an error.
      throw new GoogleConfigError('The Google service-account private_key is not a usable key');
    });
    return this.#privateKey;
  }
}
