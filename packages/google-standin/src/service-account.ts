import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';

/** A service-account key file as Google issues it, for an account that exists only here. */
export interface StandInServiceAccount {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  token_uri: string;
}

/**
 * A fresh RSA key pair packaged as a service-account key whose token_uri is the stand-in's.
 * The public half stays with the stand-in, which checks assertions against it.
 */
export function newServiceAccount(tokenUri: string): {
  serviceAccount: StandInServiceAccount;
  publicKey: KeyObject;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    publicKey,
    serviceAccount: {
      type: 'service_account',
      project_id: 'scc-standin',
      private_key_id: randomBytes(20).toString('hex'),
      private_key: pem,
      client_email: 'scc-calendar@scc-standin.iam.gserviceaccount.com',
      client_id: String(100_000_000_000_000_000_000n + BigInt(randomBytes(4).readUInt32BE())),
      token_uri: tokenUri,
    },
  };
}
