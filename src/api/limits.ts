import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
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

/** Per-key rate limits (per client address for anonymous callers): 429 with Retry-After. */
export function rateLimit(ctx: ApiContext, now: () => number = Date.now): RequestHandler {
  const buckets = new TokenBuckets();
  return (req, res, next) => {
    const key = res.locals.key;
    const limit = key
      ? (key.rateLimit ?? ctx.config.rateLimitPerMinute)
      : ctx.config.anonymousRateLimitPerMinute;
    const client = key ? `key:${key.id}` : `ip:${req.ip ?? 'unknown'}`;
    const verdict = buckets.take(client, limit, now());
    res.setHeader('RateLimit-Limit', String(limit));
    if (verdict.ok) {
      res.setHeader('RateLimit-Remaining', String(verdict.remaining));
      next();
      return;
    }
    res.setHeader('RateLimit-Remaining', '0');
    throw new HttpProblem(
      429,
      'rate-limited',
      'Too many requests',
      `The limit is ${limit} requests per minute; retry in ${verdict.retryAfterSeconds} s.`,
      { headers: { 'Retry-After': String(verdict.retryAfterSeconds) } },
    );
  };
}

/**
 * Load shedding: beyond `maxInFlight` concurrent requests, or while the event loop is
 * saturated, new requests are answered 503 at once, which costs almost nothing, instead of
 * queueing until they time out. Saturation is the median event-loop delay over the last
 * second above `maxLagMs`: one slow request delays a single sample and sheds nothing; a loop
 * that is late all the time (work queued faster than it is done) moves the median.
 */
export function shedLoad(ctx: ApiContext, maxLagMs = 250): RequestHandler {
  let inFlight = 0;
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  let medianLagMs = 0;
  const timer = setInterval(() => {
    medianLagMs = lag.count > 0 ? lag.percentile(50) / 1e6 : 0;
    lag.reset();
  }, 1000);
  timer.unref();
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
