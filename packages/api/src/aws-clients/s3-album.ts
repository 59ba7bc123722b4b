// Loaded on first use (aws-outside.ts): the console's album zips, with yazl and lib-storage.
import type { S3Client } from '@aws-sdk/client-s3';
import { S3AlbumArchiver } from '@scc/aws/s3/album-archive';

export const createAlbumArchiver = (s3: S3Client, bucket: string) => new S3AlbumArchiver(s3, bucket);
