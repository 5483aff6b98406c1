// /api/auth routes: register, login, refresh, logout, me, ownership hand-over and account deletion, over the auth service.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { createRouter, type AppEnv } from '../../app-env';
import type { AuthService } from '../../auth/service';
import { unauthorized } from '../../errors';
import {
  AuthResponseSchema,
  DeleteAccountBodySchema,
  ErrorSchema,
  LoginBodySchema,
  LogoutBodySchema,
  MeResponseSchema,
  RefreshBodySchema,
  RegisterBodySchema,
  TransferOwnershipBodySchema,
  UserSchema,
} from './schemas';

const json = <T>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const error = (description: string) => json(ErrorSchema, description);
const bearer = [{ bearerAuth: [] }];

const registerRoute = createRoute({
  method: 'post',
  path: '/register',
  tags: ['auth'],
  summary: 'Create an account (the first one becomes the owner) and sign in',
  description: 'With REGISTRATION=closed every registration answers 403 REGISTRATION_CLOSED: the owner is made with `npm run setup -- --owner <username>`.',
  request: body(RegisterBodySchema),
  responses: {
    201: json(AuthResponseSchema, 'Created and signed in'),
    400: error('Invalid username or password'),
    403: error('Registration is closed (REGISTRATION_CLOSED)'),
    409: error('Username taken (USERNAME_TAKEN)'),
  },
});

const loginRoute = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  summary: 'Sign in with username and password',
  request: body(LoginBodySchema),
  responses: {
    200: json(AuthResponseSchema, 'Signed in'),
    400: error('Malformed request'),
    401: error('Wrong username or password (INVALID_CREDENTIALS), the same whether or not the user exists'),
  },
});

const refreshRoute = createRoute({
  method: 'post',
  path: '/refresh',
  tags: ['auth'],
  summary: 'Exchange a refresh token for a new pair; a reused token ends its whole session',
  request: body(RefreshBodySchema),
  responses: {
    200: json(AuthResponseSchema, 'A new token pair'),
    400: error('Malformed request'),
    401: error('Invalid, expired, revoked or reused'),
  },
});

export function createAuthRoutes(service: AuthService, requireAuth: MiddlewareHandler<AppEnv>): OpenAPIHono<AppEnv> {
  const logoutRoute = createRoute({
    method: 'post',
    path: '/logout',
    tags: ['auth'],
    summary: 'End this session, or with {everywhere: true} every session; the access tokens stop working at once',
    security: bearer,
    middleware: [requireAuth] as const,
    request: { body: { content: { 'application/json': { schema: LogoutBodySchema } }, required: false } },
    responses: { 204: { description: 'Signed out' }, 400: error('Malformed request'), 401: error('Not signed in') },
  });
  const meRoute = createRoute({
    method: 'get',
    path: '/me',
    tags: ['auth'],
    summary: 'The signed-in user',
    security: bearer,
    middleware: [requireAuth] as const,
    responses: { 200: json(MeResponseSchema, 'The signed-in user'), 401: error('Not signed in') },
  });

  const deleteAccountRoute = createRoute({
    method: 'delete',
    path: '/account',
    tags: ['auth'],
    summary: 'Delete your account and everything in it (password required)',
    description:
      'Deletes the signed-in user with every session and refresh token (all access tokens and API keys are refused at once), ' +
      'API keys, settings, characters with their pictures, voice samples, cloned voices, synthesis history, and the voice files on disk. ' +
      'A wrong password answers 401 INVALID_CREDENTIALS, like a failed login. Cannot be undone.',
    security: bearer,
    middleware: [requireAuth] as const,
    request: body(DeleteAccountBodySchema),
    responses: {
      204: { description: 'Deleted' },
      400: error('Malformed request'),
      401: error('Not signed in, or a wrong password (INVALID_CREDENTIALS)'),
      409: error('REGISTRATION=closed and you own the server while other accounts exist (OWNER_TRANSFER_REQUIRED)'),
    },
  });

  const transferRoute = createRoute({
    method: 'post',
    path: '/owner',
    tags: ['auth'],
    summary: 'Hand ownership of the server to another account (owner only, password required)',
    security: bearer,
    middleware: [requireAuth] as const,
    request: body(TransferOwnershipBodySchema),
    responses: {
      200: json(MeResponseSchema, 'The new owner'),
      400: error('Malformed request'),
      401: error('Not signed in, or a wrong password (INVALID_CREDENTIALS)'),
      403: error('You are not the owner (FORBIDDEN)'),
      404: error('No such account (NOT_FOUND)'),
    },
  });

  const router = createRouter();
  router.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });

  router.openapi(registerRoute, async (c) => {
    const { username, password } = c.req.valid('json');
    return c.json(await service.register(username, password), 201);
  });
  router.openapi(loginRoute, async (c) => {
    const { username, password } = c.req.valid('json');
    return c.json(await service.login(username, password), 200);
  });
  router.openapi(refreshRoute, async (c) => c.json(await service.refresh(c.req.valid('json').refreshToken), 200));
  router.openapi(logoutRoute, async (c) => {
    const { user, authSession } = authenticated(c.var);
    // The body is optional: a bare POST signs out this session only.
    const everywhere = c.req.valid('json')?.everywhere === true;
    await service.logout({ user, sessionId: authSession.sessionId, tokenId: authSession.tokenId }, everywhere);
    return c.body(null, 204);
  });
  router.openapi(meRoute, (c) => c.json({ user: authenticated(c.var).user }, 200));
  router.openapi(transferRoute, async (c) => {
    const { user, authSession } = authenticated(c.var);
    const { username, password } = c.req.valid('json');
    const owner = await service.transferOwnership({ user, sessionId: authSession.sessionId, tokenId: authSession.tokenId }, username, password);
    c.get('log')?.info({ from: user.id, to: owner.id }, 'ownership handed over');
    return c.json({ user: UserSchema.parse(owner) }, 200);
  });
  router.openapi(deleteAccountRoute, async (c) => {
    const { user, authSession } = authenticated(c.var);
    const { password } = c.req.valid('json');
    const { cleanupError } = await service.deleteAccount({ user, sessionId: authSession.sessionId, tokenId: authSession.tokenId }, password);
    // The account is gone either way; files left behind are removed by the periodic sweep.
    if (cleanupError) c.get('log')?.warn({ err: { message: (cleanupError as Error).message } }, 'account files not removed; the sweep will');
    c.get('log')?.info({ userId: user.id }, 'account deleted');
    return c.body(null, 204);
  });
  return router;
}

/** requireAuth ran before these handlers; if wiring ever changes so that it did not, refuse rather than crash. */
function authenticated(vars: {
  user?: AppEnv['Variables']['user'];
  authSession?: { sessionId: string; tokenId: string };
}) {
  if (!vars.user || !vars.authSession) throw unauthorized();
  return { user: vars.user, authSession: vars.authSession };
}
