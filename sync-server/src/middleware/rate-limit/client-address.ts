// The address a request is limited by: the socket's, or X-Forwarded-For's only behind a configured trusted proxy.
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import type { TrustProxy } from '../../env.ts';

function normalize(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/** IPv6 clients are keyed by their /64: one home or phone gets a whole /64 and could rotate through it. */
export function limitKeyForAddress(address: string): string {
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export function socketAddress(c: Context<AppEnv>): string {
  const remote = c.env?.incoming?.socket?.remoteAddress;
  return remote ? normalize(remote) : 'unknown';
}

export function clientAddress(c: Context<AppEnv>, trust: TrustProxy): string {
  const socket = socketAddress(c);
  if (trust.kind === 'none') return socket;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map(normalize)
    .filter((a) => a !== '' && a.length <= 64);
  if (trust.kind === 'hops') {
    // Each trusted hop appends the address it saw; the client is `hops` entries from the right of the chain.
    const chain = [...forwarded, socket];
    return chain[chain.length - 1 - trust.hops] ?? chain[0] ?? socket;
  }
  const trusted = new Set(trust.addresses.map(normalize));
  if (!trusted.has(socket)) return socket;
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = forwarded[i]!;
    if (!trusted.has(hop)) return hop;
  }
  return forwarded[0] ?? socket;
}
