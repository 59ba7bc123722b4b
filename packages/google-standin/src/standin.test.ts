import { importPKCS8, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoogleStandIn, startGoogleStandIn } from './index';

const SCOPE = 'https://www.googleapis.com/auth/calendar.events';
let google: GoogleStandIn;
let key: CryptoKey;

beforeAll(async () => {
  google = await startGoogleStandIn();
  key = await importPKCS8(google.serviceAccount.private_key, 'RS256');
});
afterAll(() => google.close());

/** An assertion with the claims Google wants, changed by `claims` (undefined drops one). */
async function assertion(claims: JWTPayload = {}, signWith: CryptoKey = key): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = {
    iss: google.serviceAccount.client_email,
    aud: google.tokenUri,
    scope: SCOPE,
    iat,
    exp: iat + 3600,
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined) delete payload[name];
  }
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(signWith);
}

async function exchange(jwt: string, grantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
  const response = await fetch(google.tokenUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: grantType, assertion: jwt }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function insert(token: string | undefined, event: unknown, calendarId = 'ops@example.com') {
  const response = await fetch(
    `${google.url}/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(event),
    },
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const EVENT = {
  id: 'scc0123456789abcdefghijklmnopqrstuv',
  summary: 'Sunset sail',
  start: { dateTime: '2026-07-04T18:00:00-07:00', timeZone: 'America/Los_Angeles' },
  end: { dateTime: '2026-07-04T21:00:00-07:00', timeZone: 'America/Los_Angeles' },
};

describe('the stand-in token endpoint', () => {
  it('trades a good assertion for an hour-long opaque token', async () => {
    const { status, body } = await exchange(await assertion());
    expect(status).toBe(200);
    expect(body).toMatchObject({ expires_in: 3600, token_type: 'Bearer' });
    expect(google.accessTokens()).toContain(body.access_token);
  });

  it.each([
    ['another issuer', { iss: 'someone@else.example' }],
    ['another audience', { aud: 'https://oauth2.example/token' }],
    ['no scope', { scope: undefined }],
    ['another scope', { scope: 'https://www.googleapis.com/auth/drive' }],
    ['an iat in the future', { iat: Math.floor(Date.now() / 1000) + 600 }],
    ['a lifetime over an hour', { exp: Math.floor(Date.now() / 1000) + 3700 }],
    ['an expired assertion', { iat: 1_700_000_000, exp: 1_700_003_600 }],
    ['no exp', { exp: undefined }],
  ])('refuses %s as invalid_grant', async (_, claims) => {
    const { status, body } = await exchange(await assertion(claims));
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });

  it('refuses an assertion signed by another key', async () => {
    const other = await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      false,
      ['sign'],
    );
    const { status, body } = await exchange(await assertion({}, other.privateKey));
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
  });

  it('refuses another grant type', async () => {
    const { status, body } = await exchange(await assertion(), 'client_credentials');
    expect(status).toBe(400);
    expect(body.error).toBe('unsupported_grant_type');
  });
});

describe('the stand-in events endpoint', () => {
  it('needs a live bearer token, and answers 401 in Google shape otherwise', async () => {
    for (const token of [undefined, 'ya29.made-up']) {
      const { status, body } = await insert(token, EVENT);
      expect(status).toBe(401);
      expect(body).toMatchObject({ error: { code: 401, message: 'Invalid Credentials' } });
    }
  });

  it('stores an event once and answers 409 duplicate for the same id', async () => {
    const token = (await exchange(await assertion())).body.access_token as string;
    const created = await insert(token, EVENT);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ kind: 'calendar#event', ...EVENT });
    const again = await insert(token, EVENT);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      error: { code: 409, errors: [{ domain: 'global', reason: 'duplicate' }] },
    });
    expect(google.events('ops@example.com')).toHaveLength(1);
    expect(google.events('other@example.com')).toHaveLength(0);
  });

  it.each([
    ['an id outside base32hex', { ...EVENT, id: 'scc-w-x-y-z' }],
    ['an id shorter than 5', { ...EVENT, id: 'abcd' }],
    ['no summary', { ...EVENT, summary: undefined }],
    ['no start', { ...EVENT, start: undefined }],
    ['an end before the start', { ...EVENT, end: { dateTime: '2026-07-04T17:00:00-07:00' } }],
  ])('answers 400 for %s', async (_, event) => {
    const token = (await exchange(await assertion())).body.access_token as string;
    const { status, body } = await insert(token, event);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 400 } });
  });

  it('refuses every token after revokeTokens', async () => {
    const token = (await exchange(await assertion())).body.access_token as string;
    google.revokeTokens();
    expect((await insert(token, { ...EVENT, id: 'revoked0001' })).status).toBe(401);
  });
});
