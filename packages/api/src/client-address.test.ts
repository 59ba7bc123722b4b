import { describe, expect, it } from 'vitest';
import { type AddressSource, clientAddress, edgeTokenOf } from './client-address';

const CLOUDFRONT = { 'x-amz-cf-id': 'abc123==', via: '2.0 0123abcd.cloudfront.net (CloudFront)' };

function source(headers: Record<string, string>, env: unknown): AddressSource {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { header: (name) => lower.get(name.toLowerCase()), env };
}
const lambda = (sourceIp: string) => ({ event: { requestContext: { http: { sourceIp } } } });
const node = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

describe('clientAddress', () => {
  it('behind CloudFront: the entry CloudFront appended (the last), never the client-written first', () => {
    const viewer = clientAddress(
      source({ ...CLOUDFRONT, 'X-Forwarded-For': '1.2.3.4, 10.9.9.9, 198.51.100.20' }, lambda('130.176.1.1')),
    );
    expect(viewer).toEqual({ address: '198.51.100.20', from: 'cloudfront' });
  });

  it('behind CloudFront: drops a trailing entry API Gateway appended for its peer (the edge)', () => {
    const viewer = clientAddress(
      source({ ...CLOUDFRONT, 'X-Forwarded-For': '1.2.3.4, 198.51.100.20, 130.176.1.1' }, lambda('130.176.1.1')),
    );
    expect(viewer).toEqual({ address: '198.51.100.20', from: 'cloudfront' });
  });

  it('with an edge token (AWS): only a request carrying it is taken as through CloudFront', () => {
    const edgeToken = edgeTokenOf('a'.repeat(64));
    const headers = { ...CLOUDFRONT, 'X-Forwarded-For': '1.2.3.4, 198.51.100.20' };
    // CloudFront-looking headers sent straight to API Gateway's URL: keyed on its sourceIp.
    expect(clientAddress({ ...source(headers, lambda('203.0.113.9')), edgeToken })).toEqual({ address: '203.0.113.9', from: 'api-gateway' });
    expect(clientAddress({ ...source({ ...headers, 'X-Scc-Edge': 'guess' }, lambda('203.0.113.9')), edgeToken })?.from).toBe('api-gateway');
    // Through the distribution, which adds the token.
    expect(clientAddress({ ...source({ ...headers, 'X-Scc-Edge': edgeToken }, lambda('130.176.1.1')), edgeToken })).toEqual({
      address: '198.51.100.20',
      from: 'cloudfront',
    });
    expect(edgeTokenOf('b'.repeat(64))).not.toBe(edgeToken);
  });

  it('straight to API Gateway: requestContext.http.sourceIp, whatever X-Forwarded-For says', () => {
    expect(clientAddress(source({ 'X-Forwarded-For': '1.2.3.4, 5.6.7.8' }, lambda('203.0.113.9')))).toEqual({
      address: '203.0.113.9',
      from: 'api-gateway',
    });
    // Half of CloudFront's markers is not CloudFront.
    expect(clientAddress(source({ via: CLOUDFRONT.via, 'X-Forwarded-For': '1.2.3.4' }, lambda('203.0.113.9')))?.address).toBe(
      '203.0.113.9',
    );
  });

  it('the local Node server: the socket address; forwarding headers, even CloudFront-looking ones, are ignored', () => {
    expect(clientAddress(source({ ...CLOUDFRONT, 'X-Forwarded-For': '1.2.3.4' }, node('::ffff:127.0.0.1')))).toEqual({
      address: '::ffff:127.0.0.1',
      from: 'socket',
    });
  });

  it('answers undefined when the runtime says nothing (no env), rather than trusting a header', () => {
    expect(clientAddress(source({ 'X-Forwarded-For': '1.2.3.4' }, undefined))).toBeUndefined();
    expect(clientAddress(source({}, { event: { requestContext: { http: { sourceIp: '' } } } }))).toBeUndefined();
  });
});
