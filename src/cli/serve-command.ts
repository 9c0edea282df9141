/**
 * `litecam serve`: the web app on 127.0.0.1, built first when its build is missing or stale (web-build.ts).
 * The page is cross-origin isolated (COOP/COEP), which WebAssembly threads need (SharedArrayBuffer), and
 * .wasm goes out as application/wasm, which streaming compilation needs. Only files under the build are
 * served; nothing else on the machine is reachable through it.
 */
import type { Command } from 'commander';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { parseIntIn } from './options.js';
import { runCommand } from './run-command.js';
import { ensureWebBuild } from './web-build.js';

/** Loopback only: the app is for the person at this machine; nothing is exposed to the network. */
export const HOST = '127.0.0.1';
/** Vite's own preview port, so the app is where web developers expect it. */
export const DEFAULT_PORT = 4173;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Headers on every response: isolation for wasm threads, and no sniffing of types. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
} as const;

export interface StaticServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serve the files under `root` on 127.0.0.1:`port` (0 picks a free port). A busy port is a UsageError. */
export function startStaticServer(root: string, port: number): Promise<StaticServer> {
  const server = createServer((request, response) => respond(root, request, response));
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') reject(new UsageError(`port ${port} on ${HOST} is already in use; choose another with --port`));
      else if (e.code === 'EACCES') reject(new UsageError(`port ${port} on ${HOST} needs privileges this user lacks; choose one above 1023 with --port`));
      else reject(e);
    });
    server.listen(port, HOST, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve({ url: `http://${HOST}:${bound}/`, port: bound, close: () => closeServer(server) });
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections would hold close() open until they time out.
    server.closeAllConnections();
  });
}

function respond(root: string, request: IncomingMessage, response: ServerResponse): void {
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) response.setHeader(name, value);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': MIME['.txt'] }).end('method not allowed\n');
    return;
  }
  const file = fileFor(root, request.url ?? '/');
  if (!file) {
    response.writeHead(404, { 'Content-Type': MIME['.txt'] }).end('not found\n');
    return;
  }
  response.writeHead(200, {
    'Content-Type': MIME[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': file.size,
    // Hashed bundle names may be cached; the pages and the assets fetched by fixed name must be revalidated.
    'Cache-Control': file.path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file.path)
    .on('error', () => response.destroy())
    .pipe(response);
}

/** The file a URL path names under `root` (a folder gives its index.html); undefined if none, or if it leaves `root`. */
function fileFor(root: string, url: string): { path: string; size: number } | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0')) return undefined;
  let path = normalize(join(root, pathname));
  if (path !== root && !path.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  try {
    let info = statSync(path);
    if (info.isDirectory()) {
      path = join(path, 'index.html');
      info = statSync(path);
    }
    return info.isFile() ? { path, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

export interface ServeOptions {
  port: number;
  /** Build even if the existing build is up to date. */
  rebuild?: boolean;
  /** Build if needed, say where, and stop there. */
  buildOnly?: boolean;
}

/** Build if needed, serve until Ctrl-C (or SIGTERM), then close cleanly. */
export async function serveCommand(o: ServeOptions): Promise<void> {
  const build = await ensureWebBuild({ force: o.rebuild, log: (line) => process.stderr.write(`litecam: ${line}\n`) });
  if (o.buildOnly) {
    process.stdout.write(`litecam: the web app is built in ${build.dir}\n`);
    return;
  }
  const server = await startStaticServer(build.dir, o.port);
  // Listen for the signals before announcing the URL: whoever reads it may stop the server at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write(`litecam: serving the web app at ${server.url} (Ctrl-C stops)\n`);
  await stopped;
  await server.close();
  process.stdout.write('litecam: stopped\n');
}

/** Adds `litecam serve` to the program. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(`build the web app if needed and serve it on ${HOST}: explanations in the browser, nothing uploaded`)
    .option('--port <n>', 'port to listen on (0: any free port)', parseIntIn(0, 65535, 'port'), DEFAULT_PORT)
    .option('--rebuild', 'build the app even if the existing build is up to date')
    .option('--build-only', 'build the app if needed, then exit without serving')
    .action((opts: ServeOptions) => runCommand(() => serveCommand(opts)));
}
