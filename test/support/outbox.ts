/** The emails aws-ses-v2-local has captured, as its /store endpoint reports them. */
export interface CapturedEmail {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  body: { html?: string; text?: string };
}

export async function outbox(outboxUrl: string): Promise<CapturedEmail[]> {
  const res = await fetch(`${outboxUrl}/store`);
  return ((await res.json()) as { emails: CapturedEmail[] }).emails;
}

export function crewLinkIn(email: CapturedEmail): string {
  const match = /https?:\/\/[^\s"<>]+\/c\/[^\s"<>]+/.exec(email.body.text ?? '');
  if (!match) throw new Error(`No crew link in the email "${email.subject}"`);
  return match[0];
}
