import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

interface KoaLikeContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
}

const xmlEscape = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * ListParts (GET ?uploadId, with part-number-marker / max-parts) and AbortMultipartUpload
 * (DELETE ?uploadId) for s3rver's filesystem store: parts sit in
 * `{directory}/{bucket}/._S3rver_uploads/{uploadId}/{n}` with their MD5 in `{n}.md5`.
 */
export function multipartShim(directory: string) {
  return async (ctx: KoaLikeContext, next: () => Promise<void>): Promise<void> => {
    const uploadId = ctx.query.uploadId;
    const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    if (typeof uploadId !== 'string' || !match || 'partNumber' in ctx.query) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'DELETE') return next();
    const [, bucket = '', key = ''] = match;
    if (!/^[0-9a-f]{32}$/.test(uploadId)) return noSuchUpload(ctx);
    const dir = join(directory, bucket, '._S3rver_uploads', uploadId);
    const storedKey = await readFile(join(dir, 'key'), 'utf8').catch(() => undefined);
    if (storedKey === undefined || storedKey !== decodeURIComponent(key)) return noSuchUpload(ctx);
    if (ctx.method === 'DELETE') {
      await rm(dir, { recursive: true, force: true });
      ctx.status = 204;
      ctx.body = '';
      return;
    }
    const marker = Number(ctx.query['part-number-marker'] ?? 0);
    const maxParts = Math.min(Number(ctx.query['max-parts'] ?? 1000), 1000);
    const numbers = (await readdir(dir))
      .filter((name) => /^[0-9]+$/.test(name))
      .map(Number)
      .filter((n) => n > marker)
      .sort((a, b) => a - b);
    const page = numbers.slice(0, maxParts);
    const parts = await Promise.all(
      page.map(async (n) => {
        const [info, md5] = await Promise.all([
          stat(join(dir, String(n))),
          readFile(join(dir, `${n}.md5`), 'utf8'),
        ]);
        return `<Part><PartNumber>${n}</PartNumber><LastModified>${info.mtime.toISOString()}</LastModified><ETag>&quot;${md5.trim()}&quot;</ETag><Size>${info.size}</Size></Part>`;
      }),
    );
    const truncated = numbers.length > page.length;
    ctx.type = 'application/xml';
    ctx.body =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(storedKey)}</Key>` +
      `<UploadId>${uploadId}</UploadId><PartNumberMarker>${marker}</PartNumberMarker>` +
      `<NextPartNumberMarker>${page.at(-1) ?? marker}</NextPartNumberMarker>` +
      `<MaxParts>${maxParts}</MaxParts><IsTruncated>${truncated}</IsTruncated>` +
      parts.join('') +
      '</ListPartsResult>';
  };
}

function noSuchUpload(ctx: KoaLikeContext): void {
  ctx.status = 404;
  ctx.type = 'application/xml';
  ctx.body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code>' +
    '<Message>The specified upload does not exist.</Message></Error>';
}
