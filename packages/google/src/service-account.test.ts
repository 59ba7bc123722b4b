import { describe, expect, it } from 'vitest';
import { GoogleConfigError } from './errors';
import { parseServiceAccountKey } from './service-account';

// Parsing never imports the key, so a PEM-shaped placeholder is enough here.
const PEM =
  '-----BEGIN PRIVATE KEY-----\n' +
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDsecretsecret\n' +
  '-----END PRIVATE KEY-----\n';
const KEY = {
  type: 'service_account',
  project_id: 'charters',
  private_key_id: 'abc123',
  private_key: PEM,
  client_email: 'scc@charters.iam.gserviceaccount.com',
  client_id: '1234',
  token_uri: 'https://oauth2.googleapis.com/token',
};

function parseError(json: string): GoogleConfigError {
  try {
    parseServiceAccountKey(json);
  } catch (error) {
    expect(error).toBeInstanceOf(GoogleConfigError);
    return error as GoogleConfigError;
  }
  throw new Error('expected a GoogleConfigError');
}

describe('parseServiceAccountKey', () => {
  it('keeps the fields SCC uses from a key file', () => {
    expect(parseServiceAccountKey(JSON.stringify(KEY))).toEqual({
      client_email: KEY.client_email,
      private_key: PEM,
      private_key_id: 'abc123',
      token_uri: KEY.token_uri,
    });
  });

  it('restores line breaks that arrived as the two characters \\n', () => {
    const flattened = JSON.stringify({ ...KEY, private_key: PEM.replace(/\n/g, '\\n') });
    expect(parseServiceAccountKey(flattened).private_key).toBe(PEM);
  });

  it('refuses text that is not JSON without echoing any of it, not even in the cause', () => {
    const broken = JSON.stringify(KEY).slice(0, -10);
    const error = parseError(broken);
    expect(error.message).toBe('The Google service-account key is not valid JSON');
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify(error.details)).not.toContain('secret');
  });

  it.each([['[]'], ['"key"'], ['null']])('refuses %s, which is not an object', (json) => {
    expect(parseError(json).message).toMatch(/must be a JSON object/);
  });

  it('names every missing field', () => {
    const { client_email: _e, token_uri: _t, ...rest } = KEY;
    const error = parseError(JSON.stringify(rest));
    expect(error.message).toBe('The Google service-account key lacks client_email, token_uri');
    expect(error.details).toEqual({ missing: ['client_email', 'token_uri'] });
  });

  it('tells a user credential apart from a service account', () => {
    const error = parseError(JSON.stringify({ ...KEY, type: 'authorized_user' }));
    expect(error.message).toMatch(/type "authorized_user".*service_account/);
  });

  it('refuses a private key that is not PKCS#8 PEM, without quoting it', () => {
    const error = parseError(JSON.stringify({ ...KEY, private_key: 'secretsecret' }));
    expect(error.message).toMatch(/not a PKCS#8 PEM key/);
    expect(error.message).not.toContain('secretsecret');
  });

  it('refuses a token_uri that is not a URL', () => {
    const error = parseError(JSON.stringify({ ...KEY, token_uri: 'oauth2/token' }));
    expect(error.message).toMatch(/token_uri/);
  });
});
