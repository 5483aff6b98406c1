// Polls the server's /health so the UI can say whether the sync server and remote engines are reachable.
import { useEffect, useState } from 'react';
import { serverHealthSchema } from '@companion/core/api-schemas';
import { readJson } from '../../lib/read-json';

export interface ServerHealth {
  status: string;
  version?: string;
  storage?: { kind?: string; ok?: boolean };
}

export type HealthState = { state: 'checking' } | { state: 'online'; health: ServerHealth } | { state: 'offline' };

export function useServerHealth(intervalMs = 30_000): HealthState {
  const [health, setHealth] = useState<HealthState>({ state: 'checking' });
  useEffect(() => {
    let cancelled = false;
    const check = async () => {
      try {
        const response = await fetch('/health', { headers: { accept: 'application/json' } });
        if (!response.ok) throw new Error(String(response.status));
        const body: ServerHealth = await readJson(response, serverHealthSchema, 'its health');
        if (!cancelled) setHealth({ state: 'online', health: body });
      } catch {
        // Offline is a normal state for a local-first app, not an error to log.
        if (!cancelled) setHealth({ state: 'offline' });
      }
    };
    void check();
    const timer = setInterval(check, intervalMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [intervalMs]);
  return health;
}
