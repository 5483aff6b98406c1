// A small badge: is the user's own server reachable (for sync and devices without WebGPU)?
import type { HealthState } from './use-server-health';

export function ServerStatus({ health }: { health: HealthState }) {
  const label =
    health.state === 'checking'
      ? 'Checking server…'
      : health.state === 'online'
        ? `Server online${health.health.version ? ` (v${health.health.version})` : ''}`
        : 'Working offline';
  return (
    <span className={`badge badge-${health.state}`} role="status" data-testid="server-status">
      {label}
    </span>
  );
}
