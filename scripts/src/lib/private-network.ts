import { isIP } from 'node:net';

/**
 * True when a URL's host is loopback, private, link-local, or a name that only resolves inside a private
 * network (a single-label docker service name, *.local, *.internal, localhost). Chatwoot ≥ 4.14 refuses to
 * post webhooks there unless SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true.
 */
export function isPrivateNetworkUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  const version = isIP(host);
  if (version === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || a === 0 || (a === 100 && b >= 64 && b <= 127);
  }
  if (version === 6) return host === '::1' || host.startsWith('fc') || host.startsWith('fd') || host.startsWith('fe80') || host === '::';
  return !host.includes('.');
}
