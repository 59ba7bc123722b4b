import { importPKCS8, SignJWT } from 'jose';
import type { GoogleStandIn } from './server';

/**
 * A bare client for the stand-in's own tests: a token by the documented JWT grant, and
 * Calendar requests as raw HTTP, so each test sees exactly what Google would answer.
 */
export async function tokenFor(google: GoogleStandIn): Promise<string> {
  const key = await importPKCS8(google.serviceAccount.private_key, 'RS256');
  const iat = Math.floor(Date.now() / 1000);
  const jwt = await new SignJWT({
    iss: google.serviceAccount.client_email,
    aud: google.tokenUri,
    scope: 'https://www.googleapis.com/auth/calendar.events',
    iat,
    exp: iat + 3600,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .sign(key);
  const response = await fetch(google.tokenUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

export function calendarApi(google: GoogleStandIn, token: string, calendarId: string) {
  const base = `${google.url}/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events`;
  return async (method: string, path = '', body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
}
