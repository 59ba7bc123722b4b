import { PassThrough, type Readable, Transform, type TransformCallback } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AlbumArchiver, AlbumFile, PresignedRequest } from '@scc/core';
import { ZipFile } from 'yazl';
import { callAws } from '../aws-errors';

/** S3's smallest part (except the last): what the upload holds per part in memory. */
const PART_BYTES = 5 * 1024 * 1024;
/** Parts in flight at once; memory stays about (1 + QUEUE) × PART_BYTES whatever the album. */
const QUEUE = 2;
const MAX_EXPORT_URL_SECONDS = 3600;

// Defence in depth, as in photo-storage.ts: reads only under photos/, writes only under exports/.
const PHOTO_KEY = /^photos\/[A-Za-z0-9!_.*'()/-]{1,1000}$/;
const EXPORT_KEY = /^exports\/[A-Za-z0-9_-]{1,100}\/[A-Za-z0-9_-]{1,100}\.zip$/;
const FILENAME = /^[a-z0-9-]{1,100}\.zip$/;

function checkPhotoKey(key: string): void {
  if (!PHOTO_KEY.test(key) || key.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`Not a photo key: ${JSON.stringify(key.slice(0, 120))}`);
  }
}

function checkExportKey(key: string): void {
  if (!EXPORT_KEY.test(key)) throw new Error(`Not an export key: ${JSON.stringify(key.slice(0, 120))}`);
}

/** Observes the zip's bytes on their way to S3, without holding them. */
class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

export interface AlbumArchiveOptions {
  /** Bytes per uploaded part (at least 5 MiB); tests lower the queue, never this. */
  partSize?: number;
  queueSize?: number;
}

/**
 * A booking's album as one zip in the media bucket, streamed end to end: each photo is a GET
 * opened only when the zip reaches it (yazl's lazy entries, one source open at a time), fed
 * through the zip, and the zip goes up as a multipart upload (@aws-sdk/lib-storage), so memory
 * holds a few parts, never the album. Photos are stored, not deflated: JPEG, HEIC and video are
 * compressed already, and deflating them again costs CPU for nothing.
 *
 * The API's Lambda answer is buffered (6 MB) and cannot carry the zip, so the zip is written
 * under `exports/` and the caller gets a short-lived pre-signed GET; a lifecycle rule removes
 * exports after a day (infra/media-lifecycle.ts).
 */
export class S3AlbumArchiver implements AlbumArchiver {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly options: AlbumArchiveOptions = {},
  ) {}

  async archive(exportKey: string, files: readonly AlbumFile[]): Promise<{ size: number }> {
    checkExportKey(exportKey);
    files.forEach((file) => checkPhotoKey(file.key));
    if (files.length === 0) throw new Error('An album export needs at least one file');

    const zip = new ZipFile();
    const counter = new ByteCounter();
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: exportKey, Body: zip.outputStream.pipe(counter), ContentType: 'application/zip' },
      partSize: this.options.partSize ?? PART_BYTES,
      queueSize: this.options.queueSize ?? QUEUE,
      leavePartsOnError: false,
    });
    // A source that fails (a GET refused, a size that does not match) stops the zip; the
    // upload is then aborted, its parts freed, and the first failure is what the caller sees.
    let failure: unknown;
    const fail = (error: unknown) => {
      failure ??= error;
      void upload.abort();
    };
    zip.on('error', fail);
    for (const file of files) {
      zip.addReadStreamLazy(
        file.name,
        { compress: false, size: file.size, mtime: new Date(file.modifiedAt) },
        (callback) => {
          this.open(file.key).then(
            (stream) => callback(null, stream),
            (error: unknown) => {
              fail(error);
              callback(error instanceof Error ? error : new Error(String(error)), new PassThrough());
            },
          );
        },
      );
    }
    zip.end();
    try {
      await callAws('s3', 'uploadAlbumExport', () => upload.done());
    } catch (error) {
      // The zip may still be waiting on a source: let go of it and its connection.
      counter.destroy();
      throw failure ?? error;
    }
    if (failure) throw failure;
    return { size: counter.bytes };
  }

  async presignExport(exportKey: string, filename: string, expiresInSeconds: number): Promise<PresignedRequest> {
    checkExportKey(exportKey);
    if (!FILENAME.test(filename)) throw new Error(`Not a download file name: ${JSON.stringify(filename.slice(0, 120))}`);
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_EXPORT_URL_SECONDS) {
      throw new Error(`An export URL must expire within 1 to ${MAX_EXPORT_URL_SECONDS} seconds, not ${expiresInSeconds}`);
    }
    const signingDate = new Date(Math.floor(Date.now() / 1000) * 1000);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: exportKey,
      // The browser saves the file under a readable name instead of the timestamp key.
      ResponseContentDisposition: `attachment; filename="${filename}"`,
      ResponseContentType: 'application/zip',
    });
    const url = await callAws('s3', 'presignAlbumExport', () => getSignedUrl(this.s3, command, { expiresIn: expiresInSeconds, signingDate }));
    return { method: 'GET', url, headers: {}, expiresAt: new Date(signingDate.getTime() + expiresInSeconds * 1000).toISOString() };
  }

  private async open(key: string): Promise<Readable> {
    const result = await callAws('s3', 'getAlbumPhoto', () => this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })));
    const body = result.Body as Readable | undefined;
    if (!body) throw new Error(`S3 answered GetObject for ${key} without a body`);
    return body;
  }
}
