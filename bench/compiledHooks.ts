// Resolve hook for compiled.ts: src/**/*.ts becomes dist/**/*.js.
import type { ResolveHook } from 'node:module';

const src = new URL('../src/', import.meta.url).href;
const dist = new URL('../dist/', import.meta.url).href;

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const resolved = await nextResolve(specifier, context);
  if (!resolved.url.startsWith(src) || !resolved.url.endsWith('.ts')) return resolved;
  return {
    ...resolved,
    url: `${dist}${resolved.url.slice(src.length, -'.ts'.length)}.js`,
    format: 'module',
  };
};
