import { describe, expect, it } from 'vitest';
import { SettingsError } from '../packages/api/src/settings-parse';
import { readStageSettings } from './config';

describe('readStageSettings', () => {
  it('reads a stage with only the sender', () => {
    expect(readStageSettings({ SCC_SENDER: ' crew@charters.example ' }, 'production')).toEqual({
      sender: 'crew@charters.example',
      senderExists: false,
    });
  });

  it('reads every optional setting', () => {
    expect(
      readStageSettings(
        {
          SCC_SENDER: 'crew@charters.example',
          SCC_SENDER_EXISTS: 'true',
          SCC_DOMAIN: 'trips.charters.example',
          SCC_DOMAIN_CERT: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
        },
        'production',
      ),
    ).toEqual({
      sender: 'crew@charters.example',
      senderExists: true,
      domain: 'trips.charters.example',
      domainCert: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
    });
  });

  it('names every missing or bad setting in one error, with the file to fix', () => {
    let error: unknown;
    try {
      readStageSettings(
        { SCC_SENDER_EXISTS: 'yes', SCC_DOMAIN: 'https://trips.charters.example', SCC_DOMAIN_CERT: 'arn:aws:acm:eu-west-1:1:certificate/x' },
        'staging',
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problems).toEqual([
      'SCC_SENDER: is not set',
      'SCC_SENDER_EXISTS: must be "true" or "false"',
      'SCC_DOMAIN: must be a domain name such as trips.charters.example, without https://',
      'SCC_DOMAIN_CERT: must be the ARN of an ACM certificate in us-east-1',
    ]);
    expect((error as Error).message).toMatch(/^Stage "staging" settings \(set them in \.env\.staging/);
  });

  it('refuses a bare domain as the sender', () => {
    expect(() => readStageSettings({ SCC_SENDER: 'charters.example' }, 'production')).toThrow(
      /SCC_SENDER: must be an email address such as crew@your-domain.example/,
    );
  });
});
