import { S3Client } from '@aws-sdk/client-s3';

/**
 * The S3 client behind the API's photo storage. Its endpoint is the address phones reach the
 * verifying proxy at, so pre-signed URLs name that host (and are signed for it); its own calls
 * (HeadObject, CreateMultipartUpload, ListParts, Complete, Abort), signed in a header, go
 * straight to s3rver on loopback instead: the proxy admits only pre-signed requests, and
 * this process need not go round through the LAN address to reach itself.
 */
export function mediaS3Client(options: {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Where phones reach the proxy (PUBLIC_URL's host, or the proxy's own URL). */
  publicEndpoint: string;
  /** s3rver's loopback URL. */
  s3rverUrl: string;
}): S3Client {
  const client = new S3Client({
    region: options.region,
    credentials: options.credentials,
    endpoint: options.publicEndpoint,
    forcePathStyle: true,
  });
  const target = new URL(options.s3rverUrl);
  // The deserialize step runs last before the request is sent, after signing; pre-signing
  // never gets here (getSignedUrl stops at the signer), so URLs keep the public host.
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { hostname?: string; port?: number };
      request.hostname = target.hostname;
      request.port = Number(target.port);
      return next(args);
    },
    { step: 'deserialize', name: 'sccSendToLocalS3rver', override: true },
  );
  return client;
}
