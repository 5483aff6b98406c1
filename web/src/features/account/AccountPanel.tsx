// Sign in to the user's own server (for "My server" chat, server voices and, later, sync), or create an account.
import { useState, type FormEvent } from 'react';
import { account, useAccount } from './account';

export function AccountPanel({ serverOnline }: { serverOnline: boolean }) {
  const state = useAccount();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (task: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await task();
      setPassword('');
    } catch (e) {
      setError((e as Error).message || String(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = (mode: 'sign-in' | 'register') => (event?: FormEvent) => {
    event?.preventDefault();
    void run(() =>
      mode === 'sign-in' ? account().signIn(username, password) : account().register(username, password),
    );
  };

  if (state.status === 'signed-in') {
    return (
      <section className="panel account" aria-label="Account">
        <h2>Account</h2>
        <p role="status">
          Signed in to this server as <strong>{state.user.username}</strong>.
        </p>
        <div className="row">
          <button type="button" disabled={busy} onClick={() => void run(() => account().signOut())}>
            Sign out
          </button>
          <button type="button" disabled={busy} onClick={() => void run(() => account().signOut({ everywhere: true }))}>
            Sign out everywhere
          </button>
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </section>
    );
  }

  return (
    <section className="panel account" aria-label="Account">
      <h2>Account</h2>
      {!serverOnline ? (
        <p>Your server is not reachable. Everything on this device keeps working; sign in when it is back.</p>
      ) : (
        <form onSubmit={submit('sign-in')}>
          <p>Sign in to use your server&apos;s models and voices from this device.</p>
          <label>
            User name
            <input
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
              maxLength={64}
            />
          </label>
          <label>
            Password
            <input
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              maxLength={1024}
            />
          </label>
          <div className="row">
            <button type="submit" disabled={busy}>
              Sign in
            </button>
            <button type="button" disabled={busy || !username || !password} onClick={() => submit('register')()}>
              Create account
            </button>
          </div>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
