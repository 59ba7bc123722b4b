/** A PUT that failed: `status` 0 when the connection dropped or timed out before an answer. */
export class PutError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'PutError';
  }
}

/** No byte sent for this long: the connection is as good as gone, so try again. */
const STALL_MS = 60_000;

/**
 * One PUT of a blob to a pre-signed URL, with upload progress (fetch cannot report it; XHR
 * can). Answers the ETag S3 sends back, which multipart completion needs. A transfer that
 * makes no progress for a minute is abandoned (a dock's signal can hang a socket for good).
 */
export function putBlob(
  url: string,
  blob: Blob,
  headers: Record<string, string>,
  onProgress: (sentBytes: number) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let stall = setTimeout(() => xhr.abort(), STALL_MS);
    const settle = () => clearTimeout(stall);
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) {
      // The browser sets Content-Length itself, from the body; it is signed, so it must match.
      if (name.toLowerCase() !== 'content-length') xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => {
      clearTimeout(stall);
      stall = setTimeout(() => xhr.abort(), STALL_MS);
      onProgress(event.loaded);
    };
    xhr.onload = () => {
      settle();
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader('ETag') ?? '');
      else reject(new PutError(`Storage answered ${xhr.status}`, xhr.status));
    };
    xhr.onerror = () => {
      settle();
      reject(new PutError('The connection dropped', 0));
    };
    xhr.onabort = () => {
      settle();
      reject(new PutError('The connection stalled', 0));
    };
    xhr.ontimeout = () => {
      settle();
      reject(new PutError('The connection timed out', 0));
    };
    xhr.send(blob);
  });
}
