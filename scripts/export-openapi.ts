// Writes the OpenAPI document the web page's API client is typed from (web/generated/), from
// the route declarations alone: no server or database is needed (`npm run build:web`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { openApiJson } from '../src/api/app.js';

const dir = new URL('../web/generated/', import.meta.url);
mkdirSync(dir, { recursive: true });
const target = new URL('openapi.json', dir);
writeFileSync(target, JSON.stringify(JSON.parse(openApiJson()), null, 2) + '\n');
console.log(`wrote ${target.pathname}`);
