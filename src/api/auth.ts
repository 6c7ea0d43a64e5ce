import type { Request, RequestHandler, Response } from 'express';
import { allows, type ApiKeyInfo, type Role } from '../service/apiKeys.js';
import type { ApiContext } from './context.js';
import { HttpProblem } from './problems.js';

const challenge = { 'WWW-Authenticate': 'Bearer realm="pathways"' };

/**
 * Reads `Authorization: Bearer <key>`. A request without it is anonymous; one with a key that
 * is malformed, unknown or revoked is refused (401) rather than treated as anonymous, so a
 * client with a broken key finds out at once.
 */
export function authenticate(ctx: ApiContext): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    if (header === undefined) {
      next();
      return;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match)
      throw new HttpProblem(
        401,
        'unauthorized',
        'Unauthorized',
        'Use "Authorization: Bearer <key>".',
        {
          headers: challenge,
        },
      );
    res.locals.key = await verifiedKey(ctx, match[1]!);
    next();
  };
}

/** The key a token stands for; 401 when it is malformed, unknown or revoked. */
export async function verifiedKey(ctx: ApiContext, token: string): Promise<ApiKeyInfo> {
  await ctx.store.ready();
  const key = await ctx.keys.verify(token);
  if (!key)
    throw new HttpProblem(
      401,
      'unauthorized',
      'Unauthorized',
      'The API key is not valid or was revoked.',
      {
        headers: challenge,
      },
    );
  return key;
}

/**
 * Whether a client address is this host's loopback (IPv4 127/8, IPv6 ::1, or IPv4 loopback
 * mapped into IPv6). With `trustProxy` set, express derives the address from
 * X-Forwarded-For, so a caller forwarded by a local proxy is not loopback.
 */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4.startsWith('127.') || address === '::1';
}

/**
 * Who is calling, as access control sees it: the verified key (undefined without one) and
 * whether the anonymous roles apply to this caller (with loopback-only anonymous access, only
 * to callers on this host).
 */
export interface Caller {
  key: ApiKeyInfo | undefined;
  anonymousApplies: boolean;
}

/** The caller of an HTTP request (after `authenticate`). */
export const httpCaller = (ctx: ApiContext, req: Request, res: Response): Caller => ({
  key: res.locals.key,
  anonymousApplies: !ctx.config.anonymousLoopbackOnly || isLoopback(req.ip),
});

/**
 * Whether `caller` may do what needs `access`: its key's role includes it, or, without a key,
 * the anonymous roles do. 401: no (valid) key where one is needed; 403: a valid key whose
 * role is too low. Shared by the HTTP routes and the MCP tools.
 */
export function permit(access: Role | 'public', caller: Caller, ctx: ApiContext): void {
  if (access === 'public') return;
  const key = caller.key;
  if (key) {
    if (allows(key.role, access)) return;
    throw new HttpProblem(
      403,
      'forbidden',
      'Forbidden',
      `This needs the "${access}" role; the key has "${key.role}".`,
    );
  }
  if (caller.anonymousApplies && ctx.config.anonymousRoles.some((role) => allows(role, access)))
    return;
  throw new HttpProblem(
    401,
    'unauthorized',
    'Unauthorized',
    `This needs an API key with the "${access}" role.`,
    {
      headers: challenge,
    },
  );
}

/** Lets a request through when `permit` does (see there). */
export function authorise(access: Role | 'public', ctx: ApiContext): RequestHandler {
  return (req, res, next) => {
    permit(access, httpCaller(ctx, req, res), ctx);
    next();
  };
}

/** 401 for an anonymous request that reads a stored learner (see Route.readsStoredLearner). */
export const storedLearnerNeedsKey = (access: Role | 'public') =>
  new HttpProblem(
    401,
    'unauthorized',
    'Unauthorized',
    `Stored learners are only read with an API key (role "${access}" or above); without one, a plan, audit or ladder can be given the holdings inline.`,
    { headers: challenge },
  );
