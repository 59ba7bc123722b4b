import * as z from 'zod';

export const photoUploadRequestSchema = z.strictObject({
  filename: z.string().trim().min(1).max(200),
  contentType: z.string().trim().toLowerCase().min(3).max(100),
  size: z.int().min(1, 'The file is empty').max(Number.MAX_SAFE_INTEGER),
});
export type PhotoUploadRequest = z.infer<typeof photoUploadRequestSchema>;

export const partsRequestSchema = z.strictObject({
  /** Which parts to sign now; a phone asks for a few at a time. */
  partNumbers: z.array(z.int().min(1).max(10_000)).min(1).max(20),
});

export interface PhotoRecord {
  photoId: string;
  eventId: string;
  key: string;
  contentType: string;
  size: number;
  filename: string;
  status: 'pending' | 'complete';
  /** Set for multipart uploads. */
  uploadId?: string;
  partSize?: number;
  createdAt: string;
  completedAt?: string;
}
