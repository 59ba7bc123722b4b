import { hkdfSync } from 'node:crypto';
import { lazyModule } from './lazy';

export interface MagicLinkKey {
  kid: string;
  secret: Uint8Array;
}

export interface CrewGrant {
  crewId: string;
  eventId: string;
  /** The link generation of this person on this trip; links of older generations are revoked. */
  generation: number;
}

export class MagicLinkConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MagicLinkConfigError';
  }
}

/** Why a link was refused; the crew page turns each into advice. */
export class MagicLinkRejectedError extends Error {
  constructor(
    readonly reason: 'expired' | 'invalid' | 'wrong_event',
    options?: { cause?: unknown },
  ) {
    super(`Crew link refused: ${reason}`, options);
    this.name = 'MagicLinkRejectedError';
  }
}

const AUDIENCE = 'scc:crew-page';
/** jose, with the first link signed or checked: most requests carry no crew link. */
const loadJose = lazyModule('the JWT library (jose)', () => import('jose'));
const MIN_SECRET_BYTES = 32;

/**
 * Reads `MAGIC_LINK_KEYS`: comma-separated `kid:secret` pairs (secret in base64url, at least
 * 32 bytes). The first signs new links; all of them verify, so a rotated-out key keeps old
 * links working until it is removed. Removing every key revokes every link.
 */
export function parseMagicLinkKeys(value: string): MagicLinkKey[] {
  const keys = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [kid, secret] = entry.split(':');
      if (!kid || !secret || !/^[A-Za-z0-9_-]{1,32}$/.test(kid)) {
        throw new MagicLinkConfigError('MAGIC_LINK_KEYS must be comma-separated kid:secret pairs');
      }
      const bytes = Buffer.from(secret, 'base64url');
      if (bytes.length < MIN_SECRET_BYTES) {
        throw new MagicLinkConfigError(`The magic-link key "${kid}" must be at least ${MIN_SECRET_BYTES} bytes`);
      }
      return { kid, secret: new Uint8Array(bytes) };
    });
  if (keys.length === 0) throw new MagicLinkConfigError('MAGIC_LINK_KEYS holds no key');
  return keys;
}

/** Crew magic links: HS256 JWTs bound to one crew member and one event, with a `kid`. */
export class MagicLinks {
  private readonly byKid: Map<string, MagicLinkKey>;

  constructor(private readonly keys: readonly MagicLinkKey[]) {
    if (keys.length === 0) throw new MagicLinkConfigError('At least one magic-link key is needed');
    this.byKid = new Map(keys.map((key) => [key.kid, key]));
  }

  async sign(grant: CrewGrant, expiresAt: Date, now = new Date()): Promise<string> {
    const [current] = this.keys as [MagicLinkKey];
    const { SignJWT } = await loadJose();
    return new SignJWT({ evt: grant.eventId, gen: grant.generation })
      .setProtectedHeader({ alg: 'HS256', kid: current.kid })
      .setSubject(grant.crewId)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(current.secret);
  }

  /**
   * A separate key per purpose (HKDF-SHA256 over each configured secret, `info` naming the
   * purpose), in the order of the keys: the first issues, all verify. So another use of the
   * same configured secret never shares a key with crew links, and removing a key revokes
   * what was derived from it too.
   */
  subkeys(info: string): Uint8Array[] {
    return this.keys.map((key) => new Uint8Array(hkdfSync('sha256', key.secret, new Uint8Array(0), info, 32)));
  }

  async verify(token: string, eventId: string, now = new Date()): Promise<CrewGrant> {
    // Outside the try: a library that cannot load is a 503, not a refused link.
    const { errors, jwtVerify } = await loadJose();
    try {
      const { payload } = await jwtVerify(
        token,
        (header) => {
          const key = header.kid ? this.byKid.get(header.kid) : undefined;
          if (!key) throw new MagicLinkRejectedError('invalid');
          return key.secret;
        },
        { algorithms: ['HS256'], audience: AUDIENCE, currentDate: now, requiredClaims: ['sub', 'exp'] },
      );
      if (typeof payload.evt !== 'string' || !payload.sub) throw new MagicLinkRejectedError('invalid');
      if (payload.evt !== eventId) throw new MagicLinkRejectedError('wrong_event');
      // Links from before generations existed are generation 1.
      const generation = typeof payload.gen === 'number' ? payload.gen : 1;
      return { crewId: payload.sub, eventId, generation };
    } catch (error) {
      if (error instanceof MagicLinkRejectedError) throw error;
      const reason = error instanceof errors.JWTExpired ? 'expired' : 'invalid';
      throw new MagicLinkRejectedError(reason, { cause: error });
    }
  }
}
