/**
 * How the project drives a real browser (the browser tests and the benchmark): Debian's Chromium, never one
 * a tool downloads, headless, with what it needs to run here offline and repeatably. WebGL 2 works with
 * these flags (on SwiftShader); WebGPU gets no adapter (docs/edge.md).
 */

/** `apt-get install chromium` puts it here; .ci/run installs it when missing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * No sandbox (containers lack the namespaces it needs), no GPU process of its own, and nothing that phones
 * home (component updates, sync, background networking, QUIC probes, the first-run page).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
