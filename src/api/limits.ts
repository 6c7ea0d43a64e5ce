import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { ApiKeyInfo } from '../service/apiKeys.js';
import type { ApiContext } from './context.js';
import { HttpProblem } from './problems.js';

/**
 * Token buckets, one per client: `perMinute` tokens refilled evenly, at most `perMinute` held,
 * one spent per request. Pure bookkeeping with the clock passed in, so it is tested without
 * waiting.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Spends a token of `client`; when none is left, says how many seconds until one is. */
  take(
    client: string,
    perMinute: number,
    now: number,
  ): { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number } {
    const rate = perMinute / 60_000; // tokens per ms
    const bucket = this.buckets.get(client) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    if (this.buckets.size > 100_000) this.buckets.clear(); // bounded memory under address churn
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000)),
    };
  }
}

/**
 * Spends one request of `caller`'s budget: per key (its own limit or the default), per
 * client address for callers without one. 429 with Retry-After when the budget is spent.
 * Returns the limit and what remains, for the RateLimit headers.
 */
export function spendRequest(
  buckets: TokenBuckets,
  ctx: ApiContext,
  caller: { key: ApiKeyInfo | undefined; address: string | undefined },
  now: number,
): { limit: number; remaining: number } {
  const key = caller.key;
  const limit = key
    ? (key.rateLimit ?? ctx.config.rateLimitPerMinute)
    : ctx.config.anonymousRateLimitPerMinute;
  const client = key ? `key:${key.id}` : `ip:${caller.address ?? 'unknown'}`;
  const verdict = buckets.take(client, limit, now);
  if (verdict.ok) return { limit, remaining: verdict.remaining };
  throw new HttpProblem(
    429,
    'rate-limited',
    'Too many requests',
    `The limit is ${limit} requests per minute; retry in ${verdict.retryAfterSeconds} s.`,
    {
      headers: {
        'Retry-After': String(verdict.retryAfterSeconds),
        'RateLimit-Limit': String(limit),
        'RateLimit-Remaining': '0',
      },
    },
  );
}

/** Per-key rate limits (per client address for anonymous callers): 429 with Retry-After. */
export function rateLimit(ctx: ApiContext, now: () => number = Date.now): RequestHandler {
  const buckets = new TokenBuckets();
  return (req, res, next) => {
    const { limit, remaining } = spendRequest(
      buckets,
      ctx,
      { key: res.locals.key, address: req.ip },
      now(),
    );
    res.setHeader('RateLimit-Limit', String(limit));
    res.setHeader('RateLimit-Remaining', String(remaining));
    next();
  };
}

/**
 * Load shedding: beyond `maxInFlight` concurrent requests, or while the event loop is
 * saturated, new requests are answered 503 at once, which costs almost nothing, instead of
 * queueing until they time out. Saturation is the median event-loop delay over the last
 * second above `maxEventLoopLagMs` (0: never): one slow request delays a single sample and
 * sheds nothing; a loop that is late all the time (work queued faster than it is done) moves
 * the median.
 */
export function shedLoad(ctx: ApiContext): RequestHandler {
  const maxLagMs = ctx.config.maxEventLoopLagMs;
  let inFlight = 0;
  let medianLagMs = 0; // stays 0 when shedding on delay is off (maxLagMs 0)
  if (maxLagMs > 0) {
    const lag = monitorEventLoopDelay({ resolution: 20 });
    lag.enable();
    const timer = setInterval(() => {
      medianLagMs = lag.count > 0 ? lag.percentile(50) / 1e6 : 0;
      lag.reset();
    }, 1000);
    timer.unref();
  }
  return (_req, res, next) => {
    if (inFlight >= ctx.config.maxInFlight || medianLagMs > maxLagMs)
      throw new HttpProblem(503, 'overloaded', 'The server is overloaded', 'Retry shortly.', {
        headers: { 'Retry-After': '1' },
      });
    inFlight++;
    let done = false;
    const release = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    res.on('finish', release);
    res.on('close', release);
    next();
  };
}

/** How deep arrays and objects may nest in a request body (as in imported files). */
export const MAX_BODY_NESTING = 512;

/**
 * Where a parsed JSON value nests arrays and objects deeper than `max` levels: the path to
 * the first value too deep, or undefined. Iterative, so any depth JSON.parse (itself
 * iterative) produced is checked without recursion, before any recursive code sees the body.
 */
export function excessNesting(
  value: unknown,
  max: number = MAX_BODY_NESTING,
): (string | number)[] | undefined {
  // Each entry points at its parent: the path is rebuilt only for the value reported.
  interface Entry {
    value: unknown;
    depth: number;
    key?: string | number;
    parent?: Entry;
  }
  const stack: Entry[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const v = entry.value;
    if (typeof v !== 'object' || v === null) continue;
    if (entry.depth >= max) {
      const path: (string | number)[] = [];
      for (let e: Entry | undefined = entry; e?.key !== undefined; e = e.parent) path.push(e.key);
      return path.reverse();
    }
    const items: [string | number, unknown][] = Array.isArray(v)
      ? v.map((item, i) => [i, item])
      : Object.entries(v as Record<string, unknown>);
    for (const [key, item] of items)
      if (typeof item === 'object' && item !== null)
        stack.push({ value: item, depth: entry.depth + 1, key, parent: entry });
  }
  return undefined;
}
