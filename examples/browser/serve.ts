/**
 * A tiny static server for the example page: serves the checkout on 127.0.0.1 so that
 * examples/browser/index.html can load its bundle (run `npm run build:browser` first).
 *
 *   npx tsx examples/browser/serve.ts [port]     # then open the printed address
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

/** Options of {@link startServer}. */
export interface ServeOptions {
  /** Folder served at `/` (default: the checkout). */
  root?: string;
  /** Serve `/examples/browser/build/` from this folder instead (tests build the bundle elsewhere). */
  buildDir?: string;
  /** Port (default 0: any free port). */
  port?: number;
}

/** Starts a static file server on 127.0.0.1; resolves once it listens. Only files below the roots are served. */
export function startServer({ root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), buildDir, port = 0 }: ServeOptions = {}): Promise<Server> {
  const buildPrefix = '/examples/browser/build/';
  const server = createServer(async (req, res) => {
    try {
      let path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      if (path === '/') path = '/examples/browser/index.html';
      const inBuild = buildDir !== undefined && path.startsWith(buildPrefix);
      const base = inBuild ? resolve(buildDir) : resolve(root);
      const file = inBuild ? resolve(base, path.slice(buildPrefix.length)) : resolve(base, '.' + path);
      if (!file.startsWith(base + sep)) throw Object.assign(new Error('forbidden'), { status: 403 });
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch (e) {
      const status = (e as { status?: number }).status ?? 404;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(`${status}\n`);
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startServer({ port: Number(process.argv[2] ?? 8080) });
  const { port } = server.address() as AddressInfo;
  console.log(`serving the checkout at http://127.0.0.1:${port}/ -> http://127.0.0.1:${port}/examples/browser/index.html (Ctrl-C stops)`);
}
