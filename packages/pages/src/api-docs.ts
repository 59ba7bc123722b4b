import { html, SafeHtml } from './html';
import { contentSecurityPolicy } from './layout';

/**
 * The API reference at /docs, drawn on the server from the OpenAPI document: no script, no
 * fonts, nothing from anywhere else, so the strict policy of every other page holds. Every
 * string from the document goes through `html`, which escapes it. The document is read
 * defensively (as unknown JSON), so a part it lacks is left out rather than breaking the page.
 */

const STYLE = `
:root{color-scheme:light dark;--fg:#10202e;--muted:#4a5a68;--bg:#f7f9fb;--card:#fff;--line:#c9d3dc;--accent:#0b5cad;--code:#eef2f6}
@media (prefers-color-scheme:dark){:root{--fg:#e8eef3;--muted:#a9b7c3;--bg:#0d1620;--card:#16222e;--line:#34495c;--accent:#6cb4ff;--code:#0f1b26}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:56rem;margin:0 auto;padding:1rem}a{color:var(--accent)}:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
h1{font-size:1.6rem;line-height:1.2;margin:.5rem 0 1rem}h2{font-size:1.25rem;margin:2rem 0 .5rem}h3{font-size:1rem;margin:1rem 0 .25rem}
p{margin:.5rem 0}code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
code{background:var(--code);padding:0 .2em;border-radius:.25rem;overflow-wrap:anywhere}
pre{background:var(--code);padding:.75rem;border-radius:.5rem;white-space:pre-wrap;overflow-wrap:anywhere;margin:.5rem 0}pre code{padding:0;background:none}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem .75rem;list-style:none;padding:0;margin:0}nav a{display:inline-block;min-height:44px;padding:.6rem 0}
details{background:var(--card);border:1px solid var(--line);border-radius:.75rem;margin:0 0 .5rem}
details>summary{cursor:pointer;padding:.6rem .75rem;min-height:44px;overflow-wrap:anywhere}details[open]>summary{border-bottom:1px solid var(--line)}
details>div{padding:.25rem .75rem .75rem}
.method{display:inline-block;min-width:4.2rem;font-weight:700;font-size:.85rem;text-transform:uppercase}
.muted,.type{color:var(--muted);font-size:.9rem}.req{font-weight:600;font-size:.85rem}
ul.fields{list-style:none;padding:0;margin:0}ul.fields li{padding:.3rem 0;border-bottom:1px solid var(--line);overflow-wrap:anywhere}ul.fields li:last-child{border-bottom:0}
`;

/** The header policy of /docs: only its own style block; no script, no other origin, no framing. */
export const API_DOCS_CSP = contentSecurityPolicy({ style: STYLE, frameAncestors: true });

type Json = Record<string, unknown>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const anchor = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** One line with `code` spans, as the document's descriptions are written. */
const inline = (text: string) => html`${text.split('`').map((piece, i) => (i % 2 ? html`<code>${piece}</code>` : piece))}`;

/** Paragraphs (and `- ` lines) of such text. */
function prose(text: string | undefined): SafeHtml {
  if (!text) return html``;
  return html`${text.split(/\n{2,}|\n(?=- )/).map((part) => html`<p>${inline(part)}</p>`)}`;
}

class Resolver {
  constructor(private readonly components: Json) {}

  /** `#/components/kind/name`, with OpenAPI 3.1's `description` beside the `$ref` winning. */
  resolve(value: unknown, depth = 0): Json {
    const node = obj(value);
    const ref = str(node.$ref);
    if (!ref || depth > 5) return node;
    const [, , kind, name] = ref.split('/');
    const target = this.resolve(obj(this.components[kind ?? ''])[name ?? ''], depth + 1);
    return { ...target, ...(str(node.description) ? { description: node.description } : {}), 'x-ref': name };
  }

  typeOf(value: unknown, depth = 0): string {
    const schema = this.resolve(value);
    if (depth > 4) return 'value';
    if ('const' in schema) return JSON.stringify(schema.const);
    const choices = arr(schema.anyOf).length ? arr(schema.anyOf) : arr(schema.oneOf);
    if (choices.length) return choices.map((choice) => this.typeOf(choice, depth + 1)).join(' | ');
    if (arr(schema.enum).length) return arr(schema.enum).map((v) => JSON.stringify(v)).join(' | ');
    const types = arr(schema.type).length ? arr(schema.type).map(String) : [str(schema.type) ?? (schema.properties ? 'object' : 'value')];
    return types
      .map((type) => {
        if (type === 'array') return `array of ${this.typeOf(schema.items, depth + 1)}`;
        const format = str(schema.format);
        return format ? `${type} (${format})` : type;
      })
      .join(' | ');
  }

  /** An object's fields, nested ones as `guest.name` and `crew[].role`, to three levels. */
  fields(value: unknown, prefix = '', depth = 0): { name: string; type: string; required: boolean; description?: string }[] {
    const schema = this.resolve(value);
    if (depth > 2) return [];
    const required = new Set(arr(schema.required).map(String));
    return Object.entries(obj(schema.properties)).flatMap(([name, property]) => {
      const resolved = this.resolve(property);
      const path = `${prefix}${name}`;
      const items = this.resolve(resolved.items);
      const nested = resolved.properties ? this.fields(resolved, `${path}.`, depth + 1) : items.properties ? this.fields(items, `${path}[].`, depth + 1) : [];
      return [{ name: path, type: this.typeOf(resolved), required: required.has(name), description: str(resolved.description) }, ...nested];
    });
  }
}

function fieldList(fields: ReturnType<Resolver['fields']>): SafeHtml {
  if (!fields.length) return html`<p class="muted">No fields.</p>`;
  return html`<ul class="fields">${fields.map(
    (f) => html`<li><code>${f.name}</code> <span class="type">${f.type}</span>${f.required ? html` <span class="req">required</span>` : ''}${f.description ? html`<br><span class="muted">${inline(f.description)}</span>` : ''}</li>`,
  )}</ul>`;
}

const example = (value: unknown) => (value === undefined ? html`` : html`<pre><code>${JSON.stringify(value, null, 2)}</code></pre>`);

function mediaExamples(media: Json): SafeHtml {
  const schema = obj(media.schema);
  const values = [media.example, ...Object.values(obj(media.examples)).map((e) => obj(e).value), ...arr(schema.examples)].filter((v) => v !== undefined);
  return html`${values.map((value) => html`<p class="muted">Example</p>${example(value)}`)}`;
}

function operationHtml(r: Resolver, method: string, path: string, operation: Json, securitySchemes: Json, webhook = false): SafeHtml {
  const parameters = arr(operation.parameters).map((p) => r.resolve(p));
  const body = r.resolve(operation.requestBody);
  const bodyMedia = Object.entries(obj(body.content));
  const security = arr(operation.security).flatMap((requirement) => Object.keys(obj(requirement)));
  const id = anchor(`${webhook ? 'webhook' : method} ${path}`);
  return html`<details id="${id}">
<summary><span class="method">${method}</span> <code>${path}</code>${str(operation.summary) ? html` — ${str(operation.summary)}` : ''}</summary>
<div>
${prose(str(operation.description))}
${webhook
  ? ''
  : html`<p><strong>Auth:</strong> ${security.length
      ? security.map((name) => {
          const scheme = obj(securitySchemes[name]);
          return html`<code>${str(scheme.name) ?? name}</code> header (${str(scheme.type) ?? 'key'})`;
        })
      : 'none (public)'}</p>`}
${parameters.length
  ? html`<h3>Parameters</h3><ul class="fields">${parameters.map(
      (p) => html`<li><code>${str(p.name) ?? ''}</code> <span class="type">in ${str(p.in) ?? '?'}, ${r.typeOf(p.schema)}</span>${p.required ? html` <span class="req">required</span>` : ''}${str(p.description) ? html`<br><span class="muted">${inline(str(p.description) ?? '')}</span>` : ''}</li>`,
    )}</ul>`
  : ''}
${bodyMedia.map(
  ([type, media]) => html`<h3>${webhook ? 'Payload' : 'Request body'} <span class="type">${type}</span></h3>${fieldList(r.fields(obj(media).schema))}${mediaExamples(obj(media))}`,
)}
<h3>Responses</h3>
<ul class="fields">${Object.entries(obj(operation.responses)).map(([status, raw]) => {
    const response = r.resolve(raw);
    return html`<li><strong>${status}</strong> ${prose(str(response.description))}${Object.values(obj(response.content)).map((media) => mediaExamples(obj(media)))}</li>`;
  })}</ul>
</div>
</details>`;
}

/** The whole page for one OpenAPI document. */
export function renderApiDocs(document: unknown, documentPath = '/openapi.json'): string {
  const doc = obj(document);
  const info = obj(doc.info);
  const components = obj(doc.components);
  const r = new Resolver(components);
  const securitySchemes = obj(components.securitySchemes);
  const operations = Object.entries(obj(doc.paths)).flatMap(([path, item]) =>
    METHODS.filter((m) => obj(item)[m]).map((method) => ({ path, method, operation: obj(obj(item)[method]) })),
  );
  const declared = arr(doc.tags).map((t) => ({ name: str(obj(t).name) ?? '', description: str(obj(t).description) }));
  const used = [...new Set(operations.flatMap(({ operation }) => arr(operation.tags).map(String)))];
  const tags = [...declared.filter((t) => used.includes(t.name)), ...used.filter((n) => !declared.some((t) => t.name === n)).map((name) => ({ name, description: undefined }))];
  const untagged = operations.filter(({ operation }) => !arr(operation.tags).length);
  const webhooks = Object.entries(obj(doc.webhooks)).flatMap(([name, item]) =>
    METHODS.filter((m) => obj(item)[m]).map((method) => ({ name, method, operation: obj(obj(item)[method]) })),
  );
  const title = str(info.title) ?? 'API';
  const errorFields = r.fields({ $ref: '#/components/schemas/Error' });

  const body = html`<h1>${title} <span class="muted">${str(info.version) ?? ''}</span></h1>
${prose(str(info.description))}
<p>The machine-readable document: <a href="${documentPath}">${documentPath}</a> (OpenAPI ${str(doc.openapi) ?? ''}).</p>
<nav aria-label="Sections"><ul>${tags.map((t) => html`<li><a href="#tag-${anchor(t.name)}">${t.name}</a></li>`)}${webhooks.length ? html`<li><a href="#webhooks">Webhook events</a></li>` : ''}${errorFields.length ? html`<li><a href="#errors">Errors</a></li>` : ''}</ul></nav>
${tags.map(
  (tag) => html`<section id="tag-${anchor(tag.name)}"><h2>${tag.name}</h2>${prose(tag.description)}${operations
    .filter(({ operation }) => arr(operation.tags).map(String)[0] === tag.name || (arr(operation.tags).includes(tag.name) && !tags.some((t) => t.name === arr(operation.tags)[0])))
    .map(({ path, method, operation }) => operationHtml(r, method, path, operation, securitySchemes))}</section>`,
)}
${untagged.length ? html`<section id="tag-other"><h2>Other</h2>${untagged.map(({ path, method, operation }) => operationHtml(r, method, path, operation, securitySchemes))}</section>` : ''}
${webhooks.length
  ? html`<section id="webhooks"><h2>Webhook events</h2><p>SCC sends these to your endpoint; the event type is the body’s <code>type</code>.</p>${webhooks.map(({ name, method, operation }) => operationHtml(r, method, name, operation, securitySchemes, true))}</section>`
  : ''}
${errorFields.length
  ? html`<section id="errors"><h2>Errors</h2><p>Every 4xx and 5xx answer has this shape:</p>${fieldList(errorFields)}<ul class="fields">${Object.values(obj(components.responses)).map((response) => html`<li>${prose(str(obj(response).description))}</li>`)}</ul></section>`
  : ''}`;

  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ style: STYLE, frameAncestors: false })}">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${title} reference</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.value;
}
