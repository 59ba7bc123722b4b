import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, jwtVerify } from 'jose';
import { oauthError, readBody, sendJson } from './http';
import type { StandInState } from './state';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const CALENDAR_EVENTS_SCOPE = 'https://www.googleapis.com/auth/calendar.events';
const ACCESS_TOKEN_SECONDS = 3600;
/** How far in the future an `iat` may lie before the assertion is refused. */
const CLOCK_SKEW_SECONDS = 60;
const MAX_ASSERTION_SECONDS = 3600;
const BAD_TIMES =
  'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. ' +
  'Check your iat and exp values in the JWT claim.';

/**
 * `POST {token_uri}`: the OAuth 2.0 JWT bearer grant as Google documents it for service
 * accounts. The assertion must be signed RS256 by the account's key and carry iss, scope,
 * aud, iat and exp with a lifetime of at most an hour; `sub` (the user to act as) is optional.
 */
export async function handleToken(
  state: StandInState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'POST') {
    sendJson(res, 405, oauthError('invalid_request', 'Use POST'));
    return;
  }
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    sendJson(res, 400, oauthError('invalid_request', 'Expected a form-encoded body'));
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  if (form.get('grant_type') !== JWT_BEARER) {
    sendJson(res, 400, oauthError('unsupported_grant_type', 'Invalid grant_type'));
    return;
  }
  const assertion = form.get('assertion');
  if (!assertion) {
    sendJson(res, 400, oauthError('invalid_request', 'Missing required parameter: assertion'));
    return;
  }
  const problem = await checkAssertion(state, assertion);
  if (problem) {
    sendJson(res, 400, oauthError('invalid_grant', problem));
    return;
  }
  const token = `ya29.standin-${randomBytes(24).toString('base64url')}`;
  state.accessTokens.set(token, state.clock().getTime() + ACCESS_TOKEN_SECONDS * 1000);
  state.issuedTokens.push(token);
  sendJson(res, 200, {
    access_token: token,
    expires_in: ACCESS_TOKEN_SECONDS,
    token_type: 'Bearer',
  });
}

/** What is wrong with the assertion, in words like Google's, or undefined when nothing is. */
async function checkAssertion(state: StandInState, assertion: string): Promise<string | undefined> {
  const now = state.clock();
  let verified;
  try {
    verified = await jwtVerify(assertion, state.publicKey, {
      algorithms: ['RS256'],
      issuer: state.serviceAccount.client_email,
      audience: state.tokenUri,
      requiredClaims: ['iat', 'exp', 'scope'],
      currentDate: now,
    });
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) return 'Invalid JWT Signature.';
    if (error instanceof errors.JWTExpired) return BAD_TIMES;
    if (error instanceof errors.JWTClaimValidationFailed) {
      return `Invalid JWT: the ${error.claim} claim is wrong or missing.`;
    }
    return 'Invalid JWT.';
  }
  const { payload: claims, protectedHeader: header } = verified;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const iat = claims.iat ?? 0;
  const exp = claims.exp ?? 0;
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS || exp - iat > MAX_ASSERTION_SECONDS || exp <= iat) {
    return BAD_TIMES;
  }
  if (header.kid !== undefined && header.kid !== state.serviceAccount.private_key_id) {
    return 'Invalid JWT Signature.';
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.includes(CALENDAR_EVENTS_SCOPE)) {
    return 'Invalid JWT: the scope claim does not include calendar.events.';
  }
  state.assertions.push({ header, claims });
  return undefined;
}
