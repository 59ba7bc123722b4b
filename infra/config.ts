// Stage settings: the few plain values (not secrets) that differ from stage to stage. They are
// read from the environment of `sst deploy`/`sst dev`. SST loads `.env` and then
// `.env.<stage>` from the repository root into that environment before it runs this program,
// so a stage's settings can sit in `.env.production` (nothing in them is secret: commit the
// file if you like) or come from the shell or CI. infra/README.md lists them.

function setting(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

function required(name: string, example: string): string {
  const value = setting(name);
  if (!value) {
    throw new Error(
      `${name} is not set for stage "${$app.stage}": add ${name}=${example} to .env.${$app.stage} ` +
        'or to the environment (see infra/README.md)',
    );
  }
  return value;
}

/**
 * SCC_SENDER (required): the From address of every crew email, e.g. `crew@charters.example`.
 * It must be an address, not a bare domain: the Lambda sends from `Resource.SccEmail.sender`
 * as it is.
 */
export function senderAddress(): string {
  const sender = required('SCC_SENDER', 'crew@your-domain.example');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(sender)) {
    throw new Error(`SCC_SENDER must be an email address such as crew@your-domain.example, not "${sender}"`);
  }
  return sender;
}

/**
 * SCC_SENDER_EXISTS=true: the SES identity for SCC_SENDER already exists in this account and
 * region (another stage created it, or it was verified by hand), so this stage uses it instead
 * of creating it. SES holds one identity per address per account and region: a second stage
 * creating the same one fails.
 */
export const senderIdentityExists = setting('SCC_SENDER_EXISTS') === 'true';

/**
 * SCC_DOMAIN (optional): the public site's own domain, e.g. `trips.charters.example`. Without
 * it, guests and crew get the distribution's `https://….cloudfront.net` address.
 * SCC_DOMAIN_CERT (optional): the ARN of an ACM certificate in us-east-1 covering SCC_DOMAIN,
 * for a domain whose DNS is not a Route 53 zone in this account; then you add the CNAME to
 * the distribution yourself. Without it SST issues the certificate and writes the DNS records
 * in Route 53.
 */
export const publicDomain = setting('SCC_DOMAIN');
export const publicDomainCert = setting('SCC_DOMAIN_CERT');
