/**
 * One PUT of a blob to a pre-signed URL, with upload progress (fetch cannot report it; XHR
 * can). Answers the ETag S3 sends back, which multipart completion needs.
 */
export function putBlob(
  url: string,
  blob: Blob,
  headers: Record<string, string>,
  onProgress: (sentBytes: number) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) {
      // The browser sets Content-Length itself, from the body; it is signed, so it must match.
      if (name.toLowerCase() !== 'content-length') xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader('ETag') ?? '');
      else reject(new Error(`Storage answered ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error('The connection dropped'));
    xhr.ontimeout = () => reject(new Error('The connection timed out'));
    xhr.send(blob);
  });
}
