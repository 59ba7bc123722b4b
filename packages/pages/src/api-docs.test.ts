import { describe, expect, it } from 'vitest';
import { API_DOCS_CSP, renderApiDocs } from './api-docs';

/** A document written by someone hostile: every string tries to become markup. */
const crafted = {
  openapi: '3.1.0',
  info: { title: 'Evil <b>API</b>', version: '1"><script>alert(1)</script>', description: 'Uses `<img src=x onerror=alert(1)>` and "quotes" & ampersands' },
  tags: [{ name: 'Tag<i>', description: 'A tag' }],
  paths: {
    '/things/{id}': {
      post: {
        tags: ['Tag<i>'],
        summary: 'Make a <thing> & "more"',
        security: [{ key: [] }],
        parameters: [{ name: 'id"><x', in: 'path', required: true, schema: { type: 'string' }, description: '<u>id</u>' }],
        requestBody: {
          content: {
            'application/json': {
              schema: { type: 'object', required: ['name<'], properties: { 'name<': { type: 'string' }, nested: { type: 'object', properties: { deep: { enum: ['<a>'] } } } }, examples: [{ html: '</code><script>x</script>' }] },
            },
          },
        },
        responses: { '201': { description: 'Made <it>', content: { 'application/json': { example: { evil: '<script>' } } } }, '404': { $ref: '#/components/responses/Missing' } },
      },
    },
  },
  webhooks: { 'thing.<made>': { post: { summary: 'Sent <when>', requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'string' } } } } } } } } },
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key<' } },
    responses: { Missing: { description: 'Not <found>' } },
    schemas: { Error: { type: 'object', properties: { error: { type: 'object' } } } },
  },
};

describe('renderApiDocs', () => {
  const page = renderApiDocs(crafted);

  it('escapes every string from the document', () => {
    expect(page.match(/<script/gi)).toBeNull();
    expect(page).not.toContain('<img');
    expect(page).not.toMatch(/<(b|i|u|x|thing|it|found|when|made|a)>/);
    expect(page).toContain('Evil &lt;b&gt;API&lt;/b&gt;');
    expect(page).toContain('Make a &lt;thing&gt; &amp; &quot;more&quot;');
    expect(page).toContain('<code>&lt;img src=x onerror=alert(1)&gt;</code>');
    expect(page).toContain('<code>id&quot;&gt;&lt;x</code>');
    expect(page).toContain('<code>name&lt;</code>');
    expect(page).toContain('&lt;/code&gt;&lt;script&gt;x&lt;/script&gt;');
    expect(page).toContain('<code>X-Key&lt;</code> header');
    expect(page).toContain('Not &lt;found&gt;');
    expect(page).toContain('<code>thing.&lt;made&gt;</code>');
  });

  it('shows fields, nested fields, parameters and references resolved', () => {
    expect(page).toContain('<code>nested.deep</code> <span class="type">&quot;&lt;a&gt;&quot;</span>');
    expect(page).toContain('<span class="req">required</span>');
    expect(page).toContain('<strong>404</strong>');
  });

  it('carries the same strict policy as a meta tag, without frame-ancestors (ignored there)', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1];
    expect(meta).toBe(API_DOCS_CSP.replace("; frame-ancestors 'none'", '').replaceAll("'", '&#39;'));
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('survives a document with parts missing or of the wrong type', () => {
    expect(() => renderApiDocs({})).not.toThrow();
    expect(() => renderApiDocs({ paths: { '/x': { get: { parameters: 'no', responses: [1] } } }, components: 7 })).not.toThrow();
    expect(() => renderApiDocs(null)).not.toThrow();
  });
});
