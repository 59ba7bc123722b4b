/**
 * Follows a crew magic link as a browser would: the link sets the crew cookie and moves on to
 * the clean URL; the page is then fetched with that cookie.
 */
export async function openCrewLink(link: string): Promise<{ status: number; html: string; cookie: string; pageUrl: string; response: Response }> {
  const first = await fetch(link, { redirect: 'manual' });
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (first.status !== 200 || !cookie) {
    return { status: first.status, html: await first.text(), cookie: '', pageUrl: link, response: first };
  }
  const pageUrl = link.split('?')[0] ?? link;
  const response = await fetch(pageUrl, { headers: { cookie } });
  return { status: response.status, html: await response.text(), cookie, pageUrl, response };
}
