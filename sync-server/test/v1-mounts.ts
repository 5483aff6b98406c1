// Routers the V1 malformed-input test mounts besides the app's own: add each new domain router here.
import type { RouteMount } from '../src/app.ts';

export function extraMounts(): RouteMount[] {
  return [];
}
