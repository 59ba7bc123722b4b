import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingEmail } from '@scc/core';
import { callAws } from '../aws-errors';

export interface SesMailerOptions {
  /** A verified SES identity (address or an address at a verified domain). */
  from: string;
  /** Routes bounces, complaints and delivery events to the operator's configured destinations. */
  configurationSetName?: string;
  replyTo?: string;
}

const UTF8 = 'UTF-8';

/**
 * Sends one email through SES v2. Bodies carry magic links, so nothing here logs them, and the
 * errors it throws carry only SES's answer (name, message, response metadata) as their cause.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly options: SesMailerOptions,
  ) {}

  async send(email: OutgoingEmail, signal?: AbortSignal): Promise<{ messageId: string }> {
    const { from, configurationSetName, replyTo } = this.options;
    const result = await callAws('ses', 'sendEmail', () =>
      this.client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [email.to] },
          ...(replyTo ? { ReplyToAddresses: [replyTo] } : {}),
          ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
          Content: {
            // SES builds the MIME message and encodes the headers, so user text in the subject
            // cannot inject headers.
            Simple: {
              Subject: { Data: email.subject, Charset: UTF8 },
              Body: {
                Html: { Data: email.html, Charset: UTF8 },
                Text: { Data: email.text, Charset: UTF8 },
              },
            },
          },
        }),
        { abortSignal: signal },
      ),
    );
    if (!result.MessageId) throw new Error('SES answered SendEmail without a message id');
    return { messageId: result.MessageId };
  }
}
