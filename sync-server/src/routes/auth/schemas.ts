// Request and response schemas of /api/auth: they validate requests and generate the OpenAPI document.
import { z } from '@hono/zod-openapi';
import { identifierText } from '@companion/core/schemas';
import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN, USERNAME_PATTERN } from '../../auth/credentials';

export const UsernameSchema = z
  .string()
  .min(USERNAME_MIN)
  .max(USERNAME_MAX)
  .regex(USERNAME_PATTERN, 'may contain only letters, digits, "_", "." and "-"')
  .openapi({ example: 'alice' });

export const PasswordSchema = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX).openapi({ format: 'password' });

export const RegisterBodySchema = z
  .object({ username: UsernameSchema, password: PasswordSchema })
  .openapi('RegisterRequest');

/**
 * Login checks only lengths, not today's registration rules: if the rules tighten later, older accounts can still
 * sign in, and a malformed name simply fails like an unknown one.
 */
export const LoginBodySchema = z
  .object({
    username: identifierText(64),
    password: z.string().min(1).max(PASSWORD_MAX).openapi({ format: 'password' }),
  })
  .openapi('LoginRequest');

export const RefreshBodySchema = z.object({ refreshToken: z.string().min(1).max(1024) }).openapi('RefreshRequest');

export const LogoutBodySchema = z
  .object({
    everywhere: z
      .boolean()
      .optional()
      .openapi({ description: 'End every session of this user and refuse all their access tokens' }),
  })
  .openapi('LogoutRequest');

export const DeleteAccountBodySchema = z
  .object({
    password: z
      .string()
      .min(1)
      .max(PASSWORD_MAX)
      .openapi({ format: 'password', description: 'The current password, asked again: a token alone cannot delete an account' }),
  })
  .openapi('DeleteAccountRequest');

export const TransferOwnershipBodySchema = z
  .object({
    username: identifierText(64).openapi({ description: 'The existing account that becomes the owner' }),
    password: z.string().min(1).max(PASSWORD_MAX).openapi({ format: 'password', description: "The owner's current password" }),
  })
  .openapi('TransferOwnershipRequest');

export const UserSchema = z
  .object({ id: z.string().uuid(), username: z.string(), role: z.enum(['owner', 'user']) })
  .openapi('User');

export const AuthResponseSchema = z
  .object({
    user: UserSchema,
    accessToken: z.string().openapi({ description: 'HS256 JWT; send as `Authorization: Bearer <accessToken>`' }),
    refreshToken: z
      .string()
      .openapi({ description: 'Opaque, single use: exchange it at /api/auth/refresh for a new pair' }),
    expiresIn: z.number().int().openapi({ description: 'Seconds until the access token expires' }),
  })
  .openapi('AuthResponse');

export const MeResponseSchema = z.object({ user: UserSchema }).openapi('MeResponse');

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'UNAUTHORIZED' }),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string().optional(),
    }),
  })
  .openapi('Error');
