import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../src/cli/web-build.js';
import { litecam } from './helpers/cli.js';
import { startServe, type Served } from './helpers/browser.js';

/** A raw GET, so paths like /../x reach the server as written (fetch would normalise them). */
function get(url: string, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('litecam serve', () => {
  let served: Served;

  beforeAll(async () => {
    served = await startServe();
  });

  afterAll(async () => {
    if (served?.url) await served.stop();
  });

  it('listens on 127.0.0.1 only', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves the app cross-origin isolated, so WebAssembly threads work', async () => {
    const page = await get(served.url, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(page.body).toContain('<title>litecam');
  });

  it('serves WebAssembly as application/wasm, and the demo model and samples', async () => {
    const wasm = await get(served.url, '/wasm/tfjs/tfjs-backend-wasm-simd.wasm', 'HEAD');
    expect(wasm.status).toBe(200);
    expect(wasm.headers['content-type']).toBe('application/wasm');
    expect(wasm.headers['cross-origin-embedder-policy']).toBe('require-corp');
    const sidecar = JSON.parse((await get(served.url, '/models/demo/litecam.json')).body) as { labels: string[] };
    expect(sidecar.labels).toEqual(['circle', 'square', 'triangle', 'cross', 'star', 'ring']);
    const samples = JSON.parse((await get(served.url, '/samples/samples.json')).body) as Array<{ file: string }>;
    expect(samples.length).toBeGreaterThanOrEqual(2);
    expect((await get(served.url, `/samples/${samples[0].file}`)).headers['content-type']).toBe('image/png');
  });

  it('serves nothing outside the build, and only GET and HEAD', async () => {
    expect((await get(served.url, '/../package.json')).status).toBe(404);
    expect((await get(served.url, '/%2e%2e/%2e%2e/package.json')).status).toBe(404);
    expect((await get(served.url, '/no-such-file.js')).status).toBe(404);
    expect((await get(served.url, '/', 'POST')).status).toBe(405);
  });

  it('does not rebuild an up-to-date build', async () => {
    const again = await ensureWebBuild();
    expect(again.built).toBe(false);
  });

  it('refuses a busy port with one line and exit code 2', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await litecam(['serve', '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`litecam: port ${port} on 127.0.0.1 is already in use; choose another with --port\n`);
    } finally {
      blocker.close();
    }
  });

  it('rejects a port outside 0..65535 as bad usage', async () => {
    const r = await litecam(['serve', '--port', '70000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/port must be an integer in 0\.\.65535, got '70000'/);
  });

  it('stops cleanly on Ctrl-C', async () => {
    const other = await startServe();
    expect(await other.stop()).toBe(0);
    expect(other.output().stdout).toMatch(/litecam: stopped\n$/);
  });
});
