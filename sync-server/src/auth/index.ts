// createAuthModule: the accounts service, its /api/auth routes and the requireAuth gate, built from injected deps.
import type { Kysely } from 'kysely';
import type { AuthModule } from '../auth-module';
import type { Clock } from '../clock';
import { createAuthRoutes } from '../routes/auth';
import type { Database } from '../storage';
import { createRequireAuth } from './middleware';
import type { ScryptParams } from './passwords';
import { createAuthService, type AuthService } from './service';

export type { AuthService, AuthResult, Authenticated } from './service';
export { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from './service';

export interface AuthModuleDeps {
  db: Kysely<Database>;
  config: {
    jwtSecret: string;
    registration: 'open' | 'closed';
    issuer?: string;
    audience?: string;
    /** Tests and benchmarks may lower the scrypt cost; production keeps the default. */
    passwordParams?: ScryptParams;
  };
  clock: Clock;
  /** Removes a deleted account's files (voice); see AuthServiceOptions.onAccountDeleted. */
  onAccountDeleted?: (userId: string) => Promise<void>;
}

export function createAuthModule({ db, config, clock, onAccountDeleted }: AuthModuleDeps): AuthModule & { service: AuthService } {
  const service = createAuthService({ db, clock, ...config, ...(onAccountDeleted ? { onAccountDeleted } : {}) });
  const requireAuth = createRequireAuth(service);
  return { routes: createAuthRoutes(service, requireAuth), requireAuth, service };
}
