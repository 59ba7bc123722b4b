import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  NoSuchKey,
  NoSuchUpload,
  NotFound,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { NotFoundError, type PhotoStorage, type PresignedRequest, type StoredObject } from '@scc/core';
import { callAws } from '../aws-errors';

/** Upper bound for upload URLs (single PUT and multipart parts): minutes, not hours. */
export const MAX_UPLOAD_URL_SECONDS = 600;
/** Upper bound for gallery (GET) URLs. */
export const MAX_DOWNLOAD_URL_SECONDS = 3600;
/** S3's limit for one PUT and for one part of a multipart upload. */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;
/** S3's highest part number. */
export const MAX_PART_NUMBER = 10_000;

// The callers validate all of this first; these checks are defence in depth, so that no input
// can reach a key outside `photos/` (the adapter touches nothing else in the bucket), sign an
// open-ended size, or mint a long-lived URL.
// Keys use S3's "safe characters" only, with no empty, `.` or `..` segment: a browser would
// normalise `photos/../g/x.html` to another path before sending it.
const KEY = /^photos\/[A-Za-z0-9!_.*'()/-]{1,1000}$/;
// An RFC 9110 media type without parameters (`image/jpeg`, `video/quicktime`).
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const CONTENT_TYPE = new RegExp(`^${TOKEN}/${TOKEN}$`);

function checkKey(key: string): void {
  const segments = key.split('/');
  if (!KEY.test(key) || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`Not a photo key: ${JSON.stringify(key.slice(0, 120))}`);
  }
}

function checkContentType(contentType: string): void {
  if (contentType.length > 200 || !CONTENT_TYPE.test(contentType)) {
    throw new Error(`Not a media type: ${JSON.stringify(contentType.slice(0, 120))}`);
  }
}

function checkSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_PUT_BYTES) {
    throw new Error(`Size must be a whole number of bytes from 1 to ${MAX_PUT_BYTES}, not ${size}`);
  }
}

function checkExpiry(expiresInSeconds: number, max: number): void {
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > max) {
    throw new Error(`A pre-signed URL must expire within 1 to ${max} seconds, not ${expiresInSeconds}`);
  }
}

function checkPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new Error(`Part numbers run from 1 to ${MAX_PART_NUMBER}, not ${partNumber}`);
  }
}

function checkUploadId(uploadId: string): void {
  if (uploadId === '' || uploadId.length > 1024 || /\s/.test(uploadId)) {
    throw new Error('Not a multipart upload id');
  }
}

// --- Pre-signing ------------------------------------------------------------------------------

// The smallest shape of the SDK's middleware stack this module needs, so that it does not
// import the SDK's internal type packages: a middleware that fits any step, because it only
// looks at `args.request` and passes the arguments on.
type PassThroughMiddleware = <Args, Output>(
  next: (args: Args) => Promise<Output>,
) => (args: Args) => Promise<Output>;
interface RelativeMiddlewareStack {
  addRelativeTo(
    middleware: PassThroughMiddleware,
    options: { name: string; relation: 'after'; toMiddleware: string; override: boolean },
  ): void;
}

/**
 * Since SDK 3.729 the client adds a CRC32 checksum to every PutObject and UploadPart
 * (`requestChecksumCalculation: 'WHEN_SUPPORTED'`). A pre-signed request has no body yet, so
 * the URL would carry the checksum of an EMPTY body (`x-amz-checksum-crc32=AAAAAA==`) and real
 * S3 would refuse every real upload with a checksum mismatch (s3rver ignores checksums, so
 * only the URL shows it). The S3 client is the caller's, shared with ordinary calls, so this
 * drops the two headers for the pre-signed command only, after the checksum middleware and
 * before signing. The signed Content-Length already pins the size; S3 still computes its own
 * full-object checksum.
 */
function withoutBodyChecksum(stack: RelativeMiddlewareStack): void {
  stack.addRelativeTo(
    (next) => async (args) => {
      const { request } = args as { request?: { headers?: Record<string, string> } };
      const headers = request?.headers;
      if (headers) {
        for (const name of Object.keys(headers)) {
          const lower = name.toLowerCase();
          if (lower.startsWith('x-amz-checksum-') || lower === 'x-amz-sdk-checksum-algorithm') {
            delete headers[name];
          }
        }
      }
      return next(args);
    },
    {
      name: 'sccPresignWithoutBodyChecksum',
      relation: 'after',
      toMiddleware: 'flexibleChecksumsMiddleware',
      override: true,
    },
  );
}

/**
 * The presigner leaves `content-type` out of the signature by default (it adds it to its
 * unsignable headers), which would let a URL minted for `image/jpeg` upload `text/html`.
 * `signableHeaders` overrides that list in @smithy/signature-v4's canonical headers;
 * `content-length` is signed whenever present, and is listed for clarity. Neither header
 * starts with `x-amz-`, so neither is hoisted into the query string: they stay headers the
 * browser must send with exactly the signed values.
 */
const SIGNED_UPLOAD_HEADERS = new Set(['content-type', 'content-length']);
/**
 * A part has no type of its own (the upload's was fixed by createMultipart), yet the SDK gives
 * the part request `Content-Type: application/octet-stream`; signing that would force every
 * browser to send it. Only the length is pinned.
 */
const SIGNED_PART_HEADERS = new Set(['content-length']);

/** X-Amz-Date has whole seconds; sign with a whole second so `expiresAt` is exact. */
function signingNow(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}

function expiry(signingDate: Date, expiresInSeconds: number): string {
  return new Date(signingDate.getTime() + expiresInSeconds * 1000).toISOString();
}

/**
 * Guests' photos and videos in S3. Uploads go from the browser straight to S3 through
 * pre-signed URLs whose signature covers the key, the exact Content-Type and the exact
 * Content-Length, so S3 itself refuses any other type or size (403 SignatureDoesNotMatch).
 *
 * Browsers compute Content-Length themselves (it is a forbidden header name for fetch and
 * XHR): the browser ignores the `Content-Length` in `headers` and sends the body's real length,
 * which matches the signature exactly when the file has the announced `size` bytes. Send a
 * Blob/File body with the returned `Content-Type`; a string body would get `;charset=UTF-8`
 * appended and no longer match.
 *
 * ETags (from the browser's part PUTs, from `listParts`) are opaque strings, quotes included:
 * hand them back to `completeMultipart` as they came.
 */
export class S3PhotoStorage implements PhotoStorage {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async presignPut(
    key: string,
    contentType: string,
    size: number,
    expiresInSeconds: number,
  ): Promise<PresignedRequest> {
    checkKey(key);
    checkContentType(contentType);
    checkSize(size);
    checkExpiry(expiresInSeconds, MAX_UPLOAD_URL_SECONDS);
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: contentType,
      ContentLength: size,
    });
    withoutBodyChecksum(command.middlewareStack);
    const signingDate = signingNow();
    const url = await callAws('s3', 'presignPutObject', () =>
      getSignedUrl(this.s3, command, {
        expiresIn: expiresInSeconds,
        signingDate,
        signableHeaders: SIGNED_UPLOAD_HEADERS,
      }),
    );
    return {
      method: 'PUT',
      url,
      headers: { 'Content-Type': contentType, 'Content-Length': String(size) },
      expiresAt: expiry(signingDate, expiresInSeconds),
    };
  }

  async presignGet(key: string, expiresInSeconds: number, options: { downloadAs?: string } = {}): Promise<PresignedRequest> {
    checkKey(key);
    checkExpiry(expiresInSeconds, MAX_DOWNLOAD_URL_SECONDS);
    const signingDate = signingNow();
    const disposition = options.downloadAs ? { ResponseContentDisposition: attachmentOf(options.downloadAs) } : {};
    const url = await callAws('s3', 'presignGetObject', () =>
      getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key, ...disposition }), {
        expiresIn: expiresInSeconds,
        signingDate,
      }),
    );
    return { method: 'GET', url, headers: {}, expiresAt: expiry(signingDate, expiresInSeconds) };
  }

  async head(key: string): Promise<StoredObject | undefined> {
    checkKey(key);
    return callAws('s3', 'headPhoto', async () => {
      try {
        const result = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
        return {
          size: result.ContentLength ?? 0,
          contentType: result.ContentType ?? 'application/octet-stream',
        };
      } catch (error) {
        // Nothing there yet is an answer, not a failure. (A HEAD response has no body, so a
        // missing bucket reads as the same 404 NotFound; the bucket comes from configuration.)
        if (error instanceof NotFound || error instanceof NoSuchKey) return undefined;
        throw error;
      }
    });
  }

  async createMultipart(key: string, contentType: string): Promise<string> {
    checkKey(key);
    checkContentType(contentType);
    const result = await callAws('s3', 'createMultipartUpload', () =>
      this.s3.send(
        new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
      ),
    );
    if (!result.UploadId) throw new Error('S3 answered CreateMultipartUpload without an UploadId');
    return result.UploadId;
  }

  async presignPart(
    key: string,
    uploadId: string,
    partNumber: number,
    size: number,
    expiresInSeconds: number,
  ): Promise<PresignedRequest> {
    checkKey(key);
    checkUploadId(uploadId);
    checkPartNumber(partNumber);
    checkSize(size);
    checkExpiry(expiresInSeconds, MAX_UPLOAD_URL_SECONDS);
    const command = new UploadPartCommand({
      Bucket: this.bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
      ContentLength: size,
    });
    withoutBodyChecksum(command.middlewareStack);
    const signingDate = signingNow();
    const url = await callAws('s3', 'presignUploadPart', () =>
      getSignedUrl(this.s3, command, {
        expiresIn: expiresInSeconds,
        signingDate,
        signableHeaders: SIGNED_PART_HEADERS,
      }),
    );
    return {
      method: 'PUT',
      url,
      // The part's type is the upload's, fixed by createMultipart.
      headers: { 'Content-Length': String(size) },
      expiresAt: expiry(signingDate, expiresInSeconds),
    };
  }

  /** Every stored part, in part order; follows S3's pages (1,000 parts each). */
  async listParts(
    key: string,
    uploadId: string,
  ): Promise<{ partNumber: number; etag: string; size: number }[]> {
    checkKey(key);
    checkUploadId(uploadId);
    const parts: { partNumber: number; etag: string; size: number }[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await callAws('s3', 'listParts', async () => {
        try {
          return await this.s3.send(
            new ListPartsCommand({
              Bucket: this.bucket,
              Key: key,
              UploadId: uploadId,
              ...(marker === undefined ? {} : { PartNumberMarker: marker }),
            }),
          );
        } catch (error) {
          throw noSuchUpload(error) ?? error;
        }
      });
      for (const part of page.Parts ?? []) {
        if (part.PartNumber === undefined || part.ETag === undefined) continue;
        parts.push({ partNumber: part.PartNumber, etag: part.ETag, size: part.Size ?? 0 });
      }
      if (!page.IsTruncated) break;
      const next = page.NextPartNumberMarker;
      // A truncated page must move the marker on; anything else would loop forever.
      if (next === undefined || next === marker) {
        throw new Error('S3 answered a truncated ListParts page without a new NextPartNumberMarker');
      }
      marker = next;
    }
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  async completeMultipart(
    key: string,
    uploadId: string,
    parts: { partNumber: number; etag: string }[],
  ): Promise<void> {
    checkKey(key);
    checkUploadId(uploadId);
    if (parts.length === 0) throw new Error('A multipart upload needs at least one part');
    for (const part of parts) checkPartNumber(part.partNumber);
    const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
    await callAws('s3', 'completeMultipartUpload', async () => {
      try {
        await this.s3.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: {
              Parts: sorted.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })),
            },
          }),
        );
      } catch (error) {
        throw noSuchUpload(error) ?? error;
      }
    });
  }

  /** Frees the stored parts. An upload that is already gone (aborted, completed, expired) is done. */
  async abortMultipart(key: string, uploadId: string): Promise<void> {
    checkKey(key);
    checkUploadId(uploadId);
    await callAws('s3', 'abortMultipartUpload', async () => {
      try {
        await this.s3.send(
          new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }),
        );
      } catch (error) {
        if (error instanceof NoSuchUpload) return;
        throw error;
      }
    });
  }
}

/**
 * An upload id S3 no longer knows (completed, aborted, or expired by a lifecycle rule) is the
 * caller's to handle, typically by starting the upload over: a NotFoundError, not a dependency
 * failure.
 */
function noSuchUpload(error: unknown): NotFoundError | undefined {
  if (!(error instanceof NoSuchUpload)) return undefined;
  return new NotFoundError('This upload is no longer in progress; start it again', {
    cause: error,
  });
}

/** `attachment` with a plain ASCII name: the names are ours (`ph_….jpg`), never a guest's. */
function attachmentOf(filename: string): string {
  if (!/^[\w.-]{1,100}$/.test(filename)) throw new Error(`Not a download name: ${filename}`);
  return `attachment; filename="${filename}"`;
}
