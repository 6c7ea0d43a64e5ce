import type { RequestHandler } from 'express';
import { allows, type Role } from '../service/apiKeys.js';
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
    await ctx.store.ready();
    const key = await ctx.keys.verify(match[1]!);
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
    res.locals.key = key;
    next();
  };
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
 * Lets a request through when its key's role includes `access`, or when anonymous callers are
 * allowed that role (from a loopback address only, when so configured). 401: no (valid) key where one is needed; 403: a valid key whose role is
 * too low.
 */
export function authorise(access: Role | 'public', ctx: ApiContext): RequestHandler {
  return (req, res, next) => {
    if (access === 'public') {
      next();
      return;
    }
    const key = res.locals.key;
    if (key) {
      if (allows(key.role, access)) {
        next();
        return;
      }
      throw new HttpProblem(
        403,
        'forbidden',
        'Forbidden',
        `This needs the "${access}" role; the key has "${key.role}".`,
      );
    }
    if (
      ctx.config.anonymousRoles.some((role) => allows(role, access)) &&
      (!ctx.config.anonymousLoopbackOnly || isLoopback(req.ip))
    ) {
      next();
      return;
    }
    throw new HttpProblem(
      401,
      'unauthorized',
      'Unauthorized',
      `This needs an API key with the "${access}" role.`,
      {
        headers: challenge,
      },
    );
  };
}

/** 401 for an anonymous request that reads a stored learner (see Route.readsStoredLearner). */
export const storedLearnerNeedsKey = (access: Role | 'public') =>
  new HttpProblem(
    401,
    'unauthorized',
    'Unauthorized',
    `Stored learners are only read with an API key (role "${access}" or above); without one, give the holdings inline.`,
    { headers: challenge },
  );
