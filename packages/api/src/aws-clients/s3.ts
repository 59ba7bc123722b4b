// Loaded on first use (aws-outside.ts): the S3 client and the adapters built on it.
import { S3Client } from '@aws-sdk/client-s3';
import { S3GuestPageStore } from '@scc/aws/s3/guest-page-store';
import { S3PhotoStorage } from '@scc/aws/s3/photo-storage';

export const createS3Client = () => new S3Client({});
export const createGuestPageStore = (s3: S3Client, bucket: string) => new S3GuestPageStore(s3, bucket);
export const createPhotoStorage = (s3: S3Client, bucket: string) => new S3PhotoStorage(s3, bucket);
