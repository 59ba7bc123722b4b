import { GoogleConfigError } from './errors';

/**
 * The fields SCC uses from a Google service-account key file, named as in the file so that a
 * parsed key and the downloaded JSON are the same object.
 */
export interface ServiceAccountKey {
  client_email: string;
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), as Google issues it. */
  private_key: string;
  /** Sent as the JWT `kid`, so Google can pick the matching public key directly. */
  private_key_id?: string;
  token_uri: string;
}

const REQUIRED = ['client_email', 'private_key', 'token_uri'] as const;

/**
 * Reads a service-account key file's JSON. Throws GoogleConfigError naming what is wrong; the
 * error never carries the input, not even as `cause`, because a JSON syntax error message
 * quotes the text around the fault and that text may be the private key.
 */
export function parseServiceAccountKey(json: string): ServiceAccountKey {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new GoogleConfigError('The Google service-account key is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GoogleConfigError('The Google service-account key must be a JSON object');
  }
  const fields = value as Record<string, unknown>;
  if (fields.type !== undefined && fields.type !== 'service_account') {
    throw new GoogleConfigError(
      `The Google key is of type "${String(fields.type)}"; SCC needs a service-account key ` +
        '(type "service_account")',
    );
  }
  const missing = REQUIRED.filter((name) => typeof fields[name] !== 'string' || !fields[name]);
  if (missing.length > 0) {
    throw new GoogleConfigError(
      `The Google service-account key lacks ${missing.join(', ')}`,
      { details: { missing } },
    );
  }
  const key: ServiceAccountKey = {
    client_email: fields.client_email as string,
    private_key: normalisePem(fields.private_key as string),
    token_uri: fields.token_uri as string,
  };
  if (typeof fields.private_key_id === 'string' && fields.private_key_id !== '') {
    key.private_key_id = fields.private_key_id;
  }
  checkServiceAccountKey(key);
  return key;
}

/** The checks that do not need JSON, shared with keys handed over as objects. */
export function checkServiceAccountKey(key: ServiceAccountKey): void {
  if (!key.private_key.includes('-----BEGIN PRIVATE KEY-----')) {
    throw new GoogleConfigError(
      'The Google service-account private_key is not a PKCS#8 PEM key ' +
        '(-----BEGIN PRIVATE KEY-----)',
    );
  }
  if (!isHttpUrl(key.token_uri)) {
    throw new GoogleConfigError('The Google service-account token_uri is not an http(s) URL');
  }
}

/**
 * A key that went through an environment variable or a secrets UI often arrives with its line
 * breaks as the two characters `\n`. PEM base64 never contains a backslash, so turning them
 * back into line breaks cannot damage a good key.
 */
function normalisePem(pem: string): string {
  return pem.replace(/\\n/g, '\n');
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
