// The descriptions of the site's CloudFront resources (infra/site.ts). CloudFront refuses a
// cache policy, origin request policy, response headers policy, function or distribution
// comment over 128 characters, and each starts with the stage name, which SST takes from the
// user name or `--stage`: a long one failed the deploy. Each text here is short and fixed; the
// stage is cut to fit, and infra/cloudfront/comments.test.ts checks every text with a long one.

export const CLOUDFRONT_COMMENT_MAX = 128;

export const COMMENTS = {
  site: 'guest pages and API',
  guestApiCache: "guest API answers, cached only as the API's Cache-Control says",
  apiCache: 'API answers: compressed, kept only if public, for 1 s at most',
  apiOriginRequest: 'to the API: all viewer headers but Host, all cookies, the query',
  mediaAccess: 'CloudFront reads guest pages from the media bucket',
  guestPageRewrite: '/g/{slug} -> /g/{slug}.html',
  guestPageHeaders: 'security headers for guest pages',
  assetsCache: 'hashed scripts and stylesheets: kept a year, compressed',
} as const;

/** `SCC {stage}: {text}`, at most 128 characters; a stage too long for it is cut, ending `~`. */
export function cloudfrontComment(stage: string, key: keyof typeof COMMENTS): string {
  const text = COMMENTS[key];
  const room = CLOUDFRONT_COMMENT_MAX - `SCC : ${text}`.length;
  if (room < 8) throw new Error(`CloudFront comment "${key}" leaves no room for the stage name`);
  const shown = stage.length <= room ? stage : `${stage.slice(0, room - 1)}~`;
  return `SCC ${shown}: ${text}`;
}
