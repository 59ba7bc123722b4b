// Stage settings: the few plain values (not secrets) that differ from stage to stage. They are
// read from the environment of `sst deploy`/`sst dev`. SST loads `.env` and then
// `.env.<stage>` from the repository root into that environment before it runs this program,
// so a stage's settings can sit in `.env.production` (nothing in them is secret: commit the
// file if you like) or come from the shell or CI. infra/README.md lists them.
//
// They are parsed once, all together, when this module loads (inside SST's run()): a missing
// or bad one stops the deploy with SettingsError naming every problem, not just the first.
import * as z from 'zod';
// Relative, and only this file: it needs nothing but zod, whereas @scc/api would pull the
// whole API into the SST program.
import { parseSettings, unsetOr } from '../packages/api/src/settings-parse';

export interface StageSettings {
  /** SCC_SENDER (required): the From address of every crew email (see senderAddress). */
  sender: string;
  senderExists: boolean;
  domain?: string;
  domainCert?: string;
}

/** Unset and blank mean the same: not given. */
const optional = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

const schema = z
  .object({
    // It must be an address, not a bare domain: the Lambda sends from it as it is.
    SCC_SENDER: z
      .string()
      .trim()
      .pipe(z.email({ error: unsetOr('must be an email address such as crew@your-domain.example') })),
    SCC_SENDER_EXISTS: optional.pipe(z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).optional()),
    SCC_DOMAIN: optional.pipe(
      z.hostname({ error: 'must be a domain name such as trips.charters.example, without https://' }).optional(),
    ),
    SCC_DOMAIN_CERT: optional.pipe(
      z.string().startsWith('arn:aws:acm:us-east-1:', 'must be the ARN of an ACM certificate in us-east-1').optional(),
    ),
  })
  .transform(
    (raw): StageSettings => ({
      sender: raw.SCC_SENDER,
      senderExists: raw.SCC_SENDER_EXISTS === 'true',
      ...(raw.SCC_DOMAIN ? { domain: raw.SCC_DOMAIN } : {}),
      ...(raw.SCC_DOMAIN_CERT ? { domainCert: raw.SCC_DOMAIN_CERT } : {}),
    }),
  );

/** The stage's settings, or SettingsError naming every missing or bad one and the file to fix. */
export function readStageSettings(env: NodeJS.ProcessEnv, stage: string): StageSettings {
  const raw = Object.fromEntries(Object.keys(schema.in.shape).map((name) => [name, env[name]]));
  return parseSettings(`Stage "${stage}" settings (set them in .env.${stage} or the environment; see infra/README.md)`, schema, raw);
}

// Only inside SST's program is there a stage; elsewhere (the unit test) this module is a library.
const settings = typeof $app === 'undefined' ? undefined : readStageSettings(process.env, $app.stage);

/**
 * SCC_SENDER (required): the From address of every crew email, e.g. `crew@charters.example`.
 * It must be an address, not a bare domain: the Lambda sends from `Resource.SccEmail.sender`
 * as it is.
 */
export function senderAddress(): string {
  if (!settings) throw new Error('senderAddress() is for the SST program, where $app exists');
  return settings.sender;
}

/**
 * SCC_SENDER_EXISTS=true: the SES identity for SCC_SENDER already exists in this account and
 * region (another stage created it, or it was verified by hand), so this stage uses it instead
 * of creating it. SES holds one identity per address per account and region: a second stage
 * creating the same one fails.
 */
export const senderIdentityExists = settings?.senderExists ?? false;

/**
 * SCC_DOMAIN (optional): the public site's own domain, e.g. `trips.charters.example`. Without
 * it, guests and crew get the distribution's `https://….cloudfront.net` address.
 * SCC_DOMAIN_CERT (optional): the ARN of an ACM certificate in us-east-1 covering SCC_DOMAIN,
 * for a domain whose DNS is not a Route 53 zone in this account; then you add the CNAME to
 * the distribution yourself. Without it SST issues the certificate and writes the DNS records
 * in Route 53.
 */
export const publicDomain = settings?.domain;
export const publicDomainCert = settings?.domainCert;
