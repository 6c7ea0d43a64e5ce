/**
 * `/docs`: an interactive reference page built in the browser from `/openapi.json`: every
 * operation with its parameters, body schema and responses, and a form to call it with an API
 * key. Self-contained (no CDN), and the script is served from the same origin so the page works
 * under a strict Content-Security-Policy.
 */

export const docsHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pathways API reference</title>
<link rel="stylesheet" href="/docs/docs.css">
</head>
<body>
<header>
  <h1>Pathways API</h1>
  <p id="description"></p>
  <label>API key <input id="key" type="password" placeholder="pw_…" autocomplete="off"></label>
  <small>Kept in this tab only. Create one with <code>pathways keys create --name portal --role plan</code>.</small>
</header>
<nav id="toc"></nav>
<main id="operations"><p>Loading <a href="/openapi.json">/openapi.json</a>…</p></main>
<script src="/docs/docs.js"></script>
</body>
</html>
`;

export const docsCss = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2433}
header{background:#14365d;color:#fff;padding:1rem 2rem}header h1{margin:.2rem 0}
header input{width:28rem;max-width:90%;margin:0 .5rem}header small{display:block;opacity:.8}
nav{padding:.5rem 2rem;border-bottom:1px solid #ddd;display:flex;flex-wrap:wrap;gap:.2rem 1rem}
main{padding:1rem 2rem;max-width:70rem}section.op{border:1px solid #d8dde6;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
.method{display:inline-block;min-width:4rem;font-weight:700;text-transform:uppercase}
.get{color:#1a7f37}.post{color:#0b5cad}.put{color:#9a6700}.delete{color:#cf222e}
code,pre,textarea{font:13px/1.4 ui-monospace,monospace}pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:24rem}
textarea{width:100%;min-height:8rem}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}
.role{font-size:12px;background:#eef;padding:1px 6px;border-radius:8px;margin-left:.5rem}
`;

export const docsJs = `(async function () {
  const keyInput = document.getElementById('key');
  keyInput.value = sessionStorage.getItem('pathways-key') || '';
  keyInput.addEventListener('change', () => sessionStorage.setItem('pathways-key', keyInput.value));
  const spec = await (await fetch('/openapi.json')).json();
  document.getElementById('description').textContent = spec.info.description;
  const main = document.getElementById('operations');
  const toc = document.getElementById('toc');
  main.textContent = '';
  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => (k === 'class' ? (e.className = v) : e.setAttribute(k, v)));
    children.flat().forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(String(c))));
    return e;
  };
  const resolve = (schema) => {
    if (schema && schema.$ref) return spec.components.schemas[schema.$ref.split('/').pop()];
    return schema;
  };
  const example = (schema, depth) => {
    schema = resolve(schema) || {};
    if (depth > 4) return null;
    if (schema.examples && schema.examples.length) return schema.examples[0];
    if (schema.default !== undefined) return schema.default;
    if (schema.anyOf) return example(schema.anyOf[0], depth + 1);
    if (schema.enum) return schema.enum[0];
    if (schema.type === 'object') {
      const out = {};
      for (const name of schema.required || []) out[name] = example(schema.properties[name], depth + 1);
      return out;
    }
    if (schema.type === 'array') return [];
    if (schema.type === 'string') return schema.format === 'date' ? new Date().toISOString().slice(0, 10) : '';
    if (schema.type === 'number' || schema.type === 'integer') return 0;
    if (schema.type === 'boolean') return false;
    return null;
  };
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const id = op.operationId;
      toc.append(el('a', { href: '#' + id }, op.operationId));
      const params = op.parameters || [];
      const inputs = params.map((p) => {
        const input = el('input', { name: p.name, placeholder: p.schema && p.schema.type ? p.schema.type : '' });
        return { p, input, row: el('tr', {}, el('td', {}, el('code', {}, p.name), p.required ? ' *' : ''), el('td', {}, p.in), el('td', {}, input), el('td', {}, p.description || '')) };
      });
      const bodySchema = op.requestBody && op.requestBody.content['application/json'].schema;
      const body = bodySchema ? el('textarea', {}, JSON.stringify(example(bodySchema, 0), null, 2)) : null;
      const out = el('pre', {}, '');
      const send = el('button', {}, 'Send');
      send.addEventListener('click', async () => {
        let url = path;
        const query = new URLSearchParams();
        for (const { p, input } of inputs) {
          if (!input.value) continue;
          if (p.in === 'path') url = url.replace('{' + p.name + '}', encodeURIComponent(input.value));
          else query.set(p.name, input.value);
        }
        const headers = { accept: 'application/json' };
        if (keyInput.value) headers.authorization = 'Bearer ' + keyInput.value;
        if (body) headers['content-type'] = 'application/json';
        const started = performance.now();
        const res = await fetch(url + (query.size ? '?' + query : ''), { method: method.toUpperCase(), headers, body: body ? body.value : undefined });
        const text = await res.text();
        let shown = text;
        try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) {}
        out.textContent = res.status + ' ' + res.statusText + ' (' + Math.round(performance.now() - started) + ' ms)\\n\\n' + shown;
      });
      const responses = Object.entries(op.responses).map(([status, r]) => el('li', {}, el('code', {}, status), ' ', r.description));
      main.append(el('section', { class: 'op', id },
        el('h3', {}, el('span', { class: 'method ' + method }, method), ' ', el('code', {}, path), op['x-required-role'] ? el('span', { class: 'role' }, 'role: ' + op['x-required-role']) : ''),
        el('p', {}, op.summary), op.description ? el('p', {}, op.description) : '',
        inputs.length ? el('table', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'in'), el('th', {}, 'value'), el('th', {}, '')), inputs.map((i) => i.row)) : '',
        bodySchema ? [el('p', {}, 'Body (', el('code', {}, (bodySchema.$ref || '').split('/').pop()), '):'), body] : '',
        el('details', {}, el('summary', {}, 'Responses'), el('ul', {}, responses)),
        send, out));
    }
  }
})();
`;
