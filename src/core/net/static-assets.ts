import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { SECURITY_HEADERS } from './security';

export type AssetHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The built renderer, served with the security headers on every file; anything else is a 404. */
export function staticAssets(rendererDir: string): AssetHandler {
  const assets = sirv(rendererDir, {
    dev: false,
    etag: true,
    single: false,
    setHeaders: (res) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    },
  });
  return (req, res) =>
    assets(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain', ...SECURITY_HEADERS }).end('Not found\n');
    });
}
