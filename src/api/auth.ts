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
 * Lets a request through when its key's role includes `access`, or when anonymous callers are
 * allowed that role. 401: no (valid) key where one is needed; 403: a valid key whose role is
 * too low.
 */
export function authorise(access: Role | 'public', ctx: ApiContext): RequestHandler {
  return (_req, res, next) => {
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
    if (ctx.config.anonymousRoles.some((role) => allows(role, access))) {
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
