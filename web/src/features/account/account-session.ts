// The signed-in account on the user's own server: sign in, keep a fresh access token, sign out.
// Access tokens live only in memory (15 minutes); the single-use refresh token is persisted so a reload stays
// signed in. Refresh tokens rotate on every use and the server revokes the whole family when an old one is
// replayed, so two tabs refreshing at once would sign each other out: every refresh runs under a Web Lock and
// re-reads the stored token first, so a tab that lost the race uses the token the winner stored.
import { CodedError, errorFromResponse } from '@companion/core/errors';
import { authResponseSchema } from '@companion/core/api-schemas';
import { readJson } from '../../lib/read-json';

export interface AccountUser {
  id: string;
  username: string;
  role: 'owner' | 'user';
}

export interface StoredSession {
  refreshToken: string;
  user: AccountUser;
}

/** Where the refresh token is kept between visits (IndexedDB in the app, memory in tests). */
export interface SessionStore {
  load(): Promise<StoredSession | null>;
  save(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
}

export type AccountState = { status: 'signed-out' } | { status: 'signed-in'; user: AccountUser };

interface AuthResponse {
  user: AccountUser;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Runs `task` while no other tab of this origin runs one under the same name. */
export type ExclusiveLock = <T>(name: string, task: () => Promise<T>) => Promise<T>;

export interface AccountSessionOptions {
  baseUrl: string;
  store: SessionStore;
  fetch?: typeof fetch;
  now?: () => number;
  lock?: ExclusiveLock;
}

/** Refresh this long before expiry, so a request never leaves with a token about to lapse. */
const REFRESH_MARGIN_MS = 60_000;
const LOCK_NAME = 'companion-account-refresh';

export function memorySessionStore(initial: StoredSession | null = null): SessionStore {
  let value = initial;
  return {
    load: async () => value,
    save: async (s) => {
      value = s;
    },
    clear: async () => {
      value = null;
    },
  };
}

/** navigator.locks where it exists (every current browser); otherwise tabs are not coordinated. */
export const webLock: ExclusiveLock = (name, task) => {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  // LockManager.request's typing wraps the callback's promise once more; at run time it resolves to T.
  return locks ? (locks.request(name, task) as Promise<Awaited<ReturnType<typeof task>>>) : task();
};

export class AccountSession {
  private state: AccountState = { status: 'signed-out' };
  private access: { token: string; expiresAt: number } | null = null;
  private refreshing: Promise<string | null> | null = null;
  private readonly listeners = new Set<(state: AccountState) => void>();
  private readonly doFetch: typeof fetch;
  private readonly now: () => number;
  private readonly lock: ExclusiveLock;

  constructor(private readonly o: AccountSessionOptions) {
    this.doFetch = o.fetch ?? ((input, init) => fetch(input, init));
    this.now = o.now ?? Date.now;
    this.lock = o.lock ?? webLock;
  }

  get current(): AccountState {
    return this.state;
  }

  subscribe(listener: (state: AccountState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** On start-up: picks up a stored session. An unreachable server keeps it for later; a refused one drops it. */
  async restore(): Promise<AccountState> {
    const stored = await this.o.store.load();
    if (!stored) return this.state;
    this.setState({ status: 'signed-in', user: stored.user });
    try {
      await this.accessToken();
    } catch (error) {
      // Offline is normal for a local-first app: stay signed in and try again on the next request.
      if (!(error instanceof CodedError && error.code === 'SERVER_UNREACHABLE')) throw error;
    }
    return this.state;
  }

  register(username: string, password: string): Promise<AccountUser> {
    return this.authenticate('/api/auth/register', { username, password });
  }

  signIn(username: string, password: string): Promise<AccountUser> {
    return this.authenticate('/api/auth/login', { username, password });
  }

  /** A current access token, refreshed when it is close to expiry; null when signed out. */
  async accessToken(): Promise<string | null> {
    if (this.state.status === 'signed-out') return null;
    if (this.access && this.access.expiresAt - REFRESH_MARGIN_MS > this.now()) return this.access.token;
    // One refresh at a time in this tab; the Web Lock serialises tabs.
    this.refreshing ??= this.lock(LOCK_NAME, () => this.refresh()).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** fetch with the bearer token; a 401 (token revoked or expired early) refreshes once and retries. */
  async authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
    const send = async () => {
      const token = await this.accessToken();
      const headers = new Headers(init.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return this.request(path, { ...init, headers });
    };
    const first = await send();
    if (first.status !== 401 || this.state.status === 'signed-out') return first;
    this.access = null;
    return send();
  }

  /** Ends this session on the server (or every session with `everywhere`) and forgets it here either way. */
  async signOut(options: { everywhere?: boolean } = {}): Promise<void> {
    const token = this.access?.token ?? null;
    try {
      if (token) {
        await this.request('/api/auth/logout', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ everywhere: options.everywhere === true }),
        });
      }
    } catch {
      // Signing out must work offline too; the server session then simply expires.
    } finally {
      await this.forget();
    }
  }

  private async authenticate(path: string, body: { username: string; password: string }): Promise<AccountUser> {
    const response = await this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw await errorFromResponse(response);
    return this.accept(await readJson(response, authResponseSchema, 'signing in'));
  }

  private async refresh(): Promise<string | null> {
    // Another tab may have rotated the token while this one waited for the lock: use what it stored.
    const stored = await this.o.store.load();
    if (!stored) {
      await this.forget();
      return null;
    }
    const response = await this.request('/api/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: stored.refreshToken }),
    });
    if (response.status === 401) {
      // Revoked, expired or replayed: the session is over.
      await this.forget();
      return null;
    }
    if (!response.ok) throw await errorFromResponse(response);
    const body = await readJson(response, authResponseSchema, 'refreshing the session');
    await this.accept(body);
    return body.accessToken;
  }

  private async accept(body: AuthResponse): Promise<AccountUser> {
    this.access = { token: body.accessToken, expiresAt: this.now() + body.expiresIn * 1000 };
    await this.o.store.save({ refreshToken: body.refreshToken, user: body.user });
    this.setState({ status: 'signed-in', user: body.user });
    return body.user;
  }

  private async forget(): Promise<void> {
    this.access = null;
    await this.o.store.clear();
    this.setState({ status: 'signed-out' });
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.doFetch(new URL(path, this.o.baseUrl).toString(), init);
    } catch (error) {
      throw new CodedError('SERVER_UNREACHABLE', 'Your server could not be reached.', { recoverable: true, cause: error });
    }
  }

  private setState(state: AccountState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}
