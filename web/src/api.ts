/**
 * The API client, typed from the OpenAPI document generated at build time from the route
 * declarations (web/generated/api.d.ts): a contract change breaks the page's build.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../generated/api';

export type Plan = components['schemas']['Plan'];
export type Audit = components['schemas']['Audit'];
export type AuditNode = components['schemas']['AuditNode'];
export type CredentialSummary = components['schemas']['CredentialSummary'];
export type OccupationSummary = components['schemas']['OccupationSummary'];
export type CredentialDetail = components['schemas']['CredentialDetail'];
export type Learner = components['schemas']['Learner'];
export type PlanRequest = components['schemas']['PlanRequestInput'];
export type Problem = components['schemas']['Problem'];
export type StackabilityReport = components['schemas']['StackabilityReport'];
export type OverlapReport = components['schemas']['OverlapReport'];
export type CoverageReport = components['schemas']['CoverageReport'];
export type CurricularComplexity = components['schemas']['CurricularComplexity'];
export type QualityReport = components['schemas']['QualityReport'];
export type Provider = components['schemas']['Provider'];
export type WhatIfReport = components['schemas']['WhatIfReport'];
export type WhatIfPlanFigures = components['schemas']['WhatIfPlanFigures'];
export type DraftApplied = components['schemas']['DraftApplied'];
/** The role a call needs, named when a key is missing or too weak. */
export type Role = 'read' | 'plan' | 'write';

const KEY = 'pathways.apiKey';

/** The API key lives in this tab's sessionStorage only: never in the URL, never persisted. */
export const apiKey = {
  get: (): string => sessionStorage.getItem(KEY) ?? '',
  set: (key: string): void => {
    if (key.trim() === '') sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, key.trim());
  },
};

const auth: Middleware = {
  onRequest({ request }) {
    const key = apiKey.get();
    if (key) request.headers.set('Authorization', `Bearer ${key}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: location.origin });
api.use(auth);

/** A failed call, ready to show: what happened and what the adviser can do about it. */
export interface Failure {
  status: number;
  title: string;
  detail: string;
  retryAfter?: number | undefined;
  fields?: string[] | undefined;
}

/** Reads a failed response (problem+json) into a Failure with a message for people. */
export function failureOf(
  response: Response | undefined,
  problem: unknown,
  role: Role = 'plan',
): Failure {
  if (!response)
    return {
      status: 0,
      title: 'The API cannot be reached',
      detail: 'Check the connection and try again.',
    };
  const p = (problem ?? {}) as Partial<Problem>;
  const retry = Number(response.headers.get('Retry-After'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : undefined;
  const detail = p.detail ?? response.statusText;
  switch (response.status) {
    case 401:
      return {
        status: 401,
        title: 'An API key is needed',
        detail: `${detail} Enter a key with the ${role} role in the API key field.`,
      };
    case 403:
      return {
        status: 403,
        title: 'This key may not do that',
        detail: `${detail} Ask for a key with a higher role.`,
      };
    case 404:
      return { status: 404, title: 'Not found', detail };
    case 429:
      return {
        status: 429,
        title: 'Too many requests',
        detail: `The rate limit was reached; try again${retryAfter ? ` in ${retryAfter} s` : ' shortly'}.`,
        retryAfter,
      };
    case 503:
      return {
        status: 503,
        title: 'The planning service is unavailable',
        detail: `${detail} Try again${retryAfter ? ` in ${retryAfter} s` : ' shortly'}.`,
        retryAfter,
      };
    default:
      return {
        status: response.status,
        title: p.title ?? 'The request failed',
        detail,
        fields: p.errors?.map((e) => `${e.path}: ${e.message}`),
      };
  }
}

/** What a call answers: its data, or why it failed. */
export type CallResult<T> = { ok: true; data: T } | { ok: false; failure: Failure };

/** Calls through the typed client; a failure (or an unreachable API) becomes a Failure. */
export async function call<T>(
  run: () => Promise<{ data?: T; error?: unknown; response: Response }>,
  role: Role = 'plan',
): Promise<CallResult<T>> {
  try {
    const { data, error, response } = await run();
    if (response.ok && data !== undefined) return { ok: true, data };
    return { ok: false, failure: failureOf(response, error, role) };
  } catch {
    return { ok: false, failure: failureOf(undefined, undefined) };
  }
}

/** The items of a page of search results (a failure passes through). */
export const itemsOf = <T>(r: CallResult<{ items: T[] }>): CallResult<T[]> =>
  r.ok ? { ok: true, data: r.data.items } : r;

/** The query of a search box: its text, the first ten matches. */
export const searchQuery = (text: string) => ({ params: { query: { q: text, limit: 10 } } });

/** The first ten credentials whose title matches `text` (the adviser's credential searches). */
export const searchCredentials = async (text: string) =>
  itemsOf(await call(() => api.GET('/v1/credentials', searchQuery(text))));
