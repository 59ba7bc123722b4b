// Loaded on first use (aws-outside.ts): every email SCC sends.
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer, type SesMailerOptions } from '@scc/aws/ses/mailer';

export const createMailer = (options: SesMailerOptions) => new SesMailer(new SESv2Client({}), options);
