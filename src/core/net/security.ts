/**
 * Browser mode listens on loopback, and while the teacher shares, on the LAN too. A page on any
 * other site can still try to reach either from a browser. Checking Host defeats DNS rebinding;
 * checking Origin stops other pages from opening a WebSocket to the engine.
 */
export const LOOPBACK_HOST = '127.0.0.1';

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/** Where a listener on `host` may be reached: its own address, or every address of this machine when bound to all. */
export function shareHosts(host: string, port: number, interfaceAddresses: readonly string[]): Set<string> {
  const everywhere = host === '0.0.0.0' || host === '::';
  const addresses = everywhere ? interfaceAddresses : [host];
  return new Set(addresses.map((a) => (a.includes(':') ? `[${a}]:${port}` : `${a}:${port}`)));
}

/** The origins of pages a listener serves itself: http on each Host it accepts. */
export function originsOf(hosts: ReadonlySet<string>): Set<string> {
  return new Set([...hosts].map((h) => `http://${h}`));
}

/** Same policy as the Electron window's meta tag, plus what only a header can say. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
