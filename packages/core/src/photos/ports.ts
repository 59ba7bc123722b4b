/**
 * Where guests' photos and videos go: straight from the phone to object storage through
 * pre-signed URLs, so the bytes never pass through the API. Adapters throw
 * DependencyUnavailableError / DependencyRejectedError like every other port.
 */
export interface PresignedRequest {
  method: 'PUT' | 'GET';
  url: string;
  /** Headers the browser must send exactly as given (they are covered by the signature). */
  headers: Record<string, string>;
  expiresAt: string;
}

export interface StoredObject {
  size: number;
  contentType: string;
}

export interface PhotoStorage {
  /** A single PUT of exactly `size` bytes of `contentType` to `key`, valid for `expiresInSeconds`. */
  presignPut(key: string, contentType: string, size: number, expiresInSeconds: number): Promise<PresignedRequest>;
  /**
   * A GET of `key`, for the gallery. With `downloadAs`, the answer says to save it under that
   * name (an `<img>` still shows it): a link's `download` attribute is ignored across origins.
   */
  presignGet(key: string, expiresInSeconds: number, options?: { downloadAs?: string }): Promise<PresignedRequest>;
  /** Size and type of the stored object, or undefined when nothing is there. */
  head(key: string): Promise<StoredObject | undefined>;

  /** Large files: S3 multipart upload. Answers the upload id. */
  createMultipart(key: string, contentType: string): Promise<string>;
  /** A PUT of one part (1-based `partNumber`) of exactly `size` bytes. */
  presignPart(key: string, uploadId: string, partNumber: number, size: number, expiresInSeconds: number): Promise<PresignedRequest>;
  /** The parts already stored, so an interrupted upload resumes without resending them. */
  listParts(key: string, uploadId: string): Promise<{ partNumber: number; etag: string; size: number }[]>;
  completeMultipart(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
}
