import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ASSETS_CACHE_POLICY, ASSETS_DIR, MANIFEST_FILE } from './asset-files';

// infra/site.ts (with infra/assets.ts and infra/storage.ts) run against stand-ins for SST's and
// Pulumi's globals that record every resource declared, so the test reads what a deploy would
// ask AWS for. The API, stage settings and secrets are modules of their own, replaced here.
vi.mock('./api', () => ({ api: { url: { apply: (fn: (url: string) => unknown) => fn('https://api.example.com') } } }));
vi.mock('./config', () => ({ publicDomain: undefined, publicDomainCert: undefined }));
vi.mock('./secrets', () => ({ serviceKeyHash: { value: { apply: (fn: (v: string) => unknown) => fn('0'.repeat(64)) } } }));

interface Declared {
  type: string;
  name: string;
  args: Record<string, unknown>;
  opts?: Record<string, unknown>;
}

const root = join(import.meta.dirname, '..');
const ASSET_FILES = ['admin.0123456789ab.js', 'admin.ba9876543210.css'];
let declared: Declared[];

function recorder(type: string) {
  return class {
    readonly id = `${type}:id`;
    readonly arn = `${type}:arn`;
    readonly name = `${type}:name`;
    readonly url = { apply: (fn: (v: string) => unknown) => fn('https://d111.cloudfront.net') };
    readonly nodes = { distribution: { id: 'dist', arn: 'dist-arn' }, bucket: { bucketRegionalDomainName: 'media.s3.us-east-1.amazonaws.com' } };
    constructor(name: string, args: Record<string, unknown>, opts?: Record<string, unknown>) {
      declared.push({ type, name, args, ...(opts ? { opts } : {}) });
    }
  };
}

async function declareSite() {
  const checkout = await mkdtemp(join(tmpdir(), 'scc-site-'));
  await mkdir(join(checkout, 'infra', 'cloudfront'), { recursive: true });
  await copyFile(join(root, 'infra/cloudfront/guest-page-rewrite.js'), join(checkout, 'infra/cloudfront/guest-page-rewrite.js'));
  await mkdir(join(checkout, ASSETS_DIR), { recursive: true });
  for (const file of ASSET_FILES) await writeFile(join(checkout, ASSETS_DIR, file), file);
  await writeFile(join(checkout, MANIFEST_FILE), JSON.stringify({ assets: ASSET_FILES.map((file) => ({ file })) }));

  vi.stubGlobal('$app', { stage: 'test' });
  vi.stubGlobal('$cli', { paths: { root: checkout } });
  vi.stubGlobal('$asset', (path: string) => ({ asset: path }));
  vi.stubGlobal('$interpolate', (parts: TemplateStringsArray) => parts.join(''));
  vi.stubGlobal('$util', { all: (values: unknown[]) => ({ apply: (fn: (v: unknown[]) => unknown) => fn(values) }) });
  vi.stubGlobal('sst', { aws: { Cdn: recorder('sst.aws.Cdn'), Bucket: recorder('sst.aws.Bucket'), Dynamo: recorder('sst.aws.Dynamo') } });
  vi.stubGlobal('aws', {
    getPartitionOutput: () => ({ partition: 'aws' }),
    getCallerIdentityOutput: () => ({ accountId: '123456789012' }),
    cloudfront: Object.fromEntries(
      ['CachePolicy', 'OriginRequestPolicy', 'OriginAccessControl', 'Function', 'ResponseHeadersPolicy'].map((t) => [t, recorder(`aws.cloudfront.${t}`)]),
    ),
    s3: Object.fromEntries(['BucketObjectv2', 'BucketCorsConfigurationV2', 'BucketLifecycleConfigurationV2'].map((t) => [t, recorder(`aws.s3.${t}`)])),
  });
  vi.resetModules();
  await import('./site');
}

const one = (type: string, name?: string) => {
  const found = declared.filter((d) => d.type === type && (name === undefined || d.name === name));
  expect(found, `${type} ${name ?? ''}`).toHaveLength(1);
  return found[0]!;
};

beforeEach(async () => {
  declared = [];
  await declareSite();
});
afterEach(() => vi.unstubAllGlobals());

describe('the public site serves the hashed assets from the media bucket', () => {
  it('has an /assets/* behavior: the bucket origin, GET and HEAD, cached a year, compressed, with the security headers', () => {
    const cdn = one('sst.aws.Cdn').args as { origins: { originId: string; domainName: string }[]; orderedCacheBehaviors: Record<string, unknown>[] };
    const behavior = cdn.orderedCacheBehaviors.find((b) => b.pathPattern === '/assets/*');
    expect(behavior).toBeDefined();
    const origin = cdn.origins.find((o) => o.originId === behavior?.targetOriginId);
    expect(origin?.domainName).toBe('media.s3.us-east-1.amazonaws.com');
    expect(behavior).toMatchObject({ allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'], compress: true, viewerProtocolPolicy: 'redirect-to-https' });
    const policy = one('aws.cloudfront.CachePolicy', 'SccAssetsCache');
    expect(behavior?.cachePolicyId).toBe('aws.cloudfront.CachePolicy:id');
    expect(policy.args).toMatchObject(ASSETS_CACHE_POLICY);
    // The same headers policy as the guest pages: nosniff, so a script is only run as one.
    const headers = one('aws.cloudfront.ResponseHeadersPolicy', 'SccGuestPageHeaders');
    expect(behavior?.responseHeadersPolicyId).toBe('aws.cloudfront.ResponseHeadersPolicy:id');
    expect(headers.args).toMatchObject({ securityHeadersConfig: { contentTypeOptions: { override: true } } });
  });

  it('uploads each built file under assets/ with its type and the immutable Cache-Control, and keeps it when a later build drops it', () => {
    const objects = declared.filter((d) => d.type === 'aws.s3.BucketObjectv2');
    expect(objects.map((o) => o.args)).toEqual([
      {
        bucket: 'sst.aws.Bucket:name',
        key: 'assets/admin.0123456789ab.js',
        source: { asset: expect.stringMatching(/web\/dist\/assets\/admin\.0123456789ab\.js$/) },
        contentType: 'text/javascript; charset=utf-8',
        cacheControl: 'public, max-age=31536000, immutable',
      },
      {
        bucket: 'sst.aws.Bucket:name',
        key: 'assets/admin.ba9876543210.css',
        source: { asset: expect.stringMatching(/web\/dist\/assets\/admin\.ba9876543210\.css$/) },
        contentType: 'text/css; charset=utf-8',
        cacheControl: 'public, max-age=31536000, immutable',
      },
    ]);
    for (const object of objects) expect(object.opts).toEqual({ retainOnDelete: true });
  });

  it("lets CloudFront read assets/* as well as g/* from the bucket, and nothing else", () => {
    const bucket = one('sst.aws.Bucket', 'SccMedia').args as { policy: { principals: unknown; actions: string[]; paths: string[] }[] };
    const forCloudFront = bucket.policy.filter((p) => JSON.stringify(p.principals).includes('cloudfront.amazonaws.com'));
    expect(forCloudFront.map((p) => [p.actions, p.paths])).toEqual([[['s3:GetObject'], ['g/*', 'assets/*']]]);
  });
});
