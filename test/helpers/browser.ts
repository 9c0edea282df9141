/**
 * What the browser tests share: Debian's Chromium driven by playwright-core (never a downloaded browser),
 * launched with the flags the project's CI uses, and `litecam serve` started as a user would start it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/browser/headless-chromium.js';
import { ROOT } from './cli.js';

/** Debian's Chromium, which .ci/run installs. */
export const CHROMIUM = CHROMIUM_PATH;
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** Where the tests leave screenshots (an ignored folder CI keeps as artifacts). */
export const SCREENSHOTS = join(ROOT, 'out', 'browser');

export async function launchChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
}

export interface Served {
  url: string;
  /** What the server printed until now. */
  output(): { stdout: string; stderr: string };
  /** Ctrl-C, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * `litecam serve --port 0` (any free port) in a child process, building the app first if needed; resolves
 * with the URL it prints. `timeoutMs` covers a build.
 */
export function startServe(args: string[] = [], timeoutMs = 110_000): Promise<Served> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [join(ROOT, 'bin', 'litecam.js'), 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, LITECAM_DEBUG: '' },
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`litecam serve printed no URL in ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      const url = /serving the web app at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({
          url,
          output: () => ({ stdout, stderr }),
          stop: async () => {
            child.kill('SIGINT');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`litecam serve exited with ${code} before serving; stderr: ${stderr}`));
    });
  });
}

/** Wait until the page has finished `count` explanations, or failed; returns the page's state. */
export async function waitForExplanations(page: Page, count: number, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(
    (n) => (Number(document.body.dataset.explanations ?? 0) >= n && document.body.dataset.state !== 'busy') || document.body.dataset.state === 'error',
    count,
    { timeout: timeoutMs },
  );
  const error = await page.locator('#error').textContent();
  if (await page.locator('#error').isVisible()) throw new Error(`the page reports: ${error}`);
}

export interface CanvasStats {
  width: number;
  height: number;
  /** Pixels that are not the colour of the canvas's first pixel. */
  distinct: number;
  /** Pixels that differ from the plain dark blue of jet's zero (0, 0, 128). */
  notJetZero: number;
  /** Alpha-weighted mean of every channel, to compare two drawings cheaply. */
  mean: number;
  /** A hash of the pixels, to tell drawings apart. */
  checksum: number;
}

export async function canvasStats(page: Page, id: string): Promise<CanvasStats> {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let distinct = 0;
    let notJetZero = 0;
    let sum = 0;
    let checksum = 0;
    for (let p = 0; p < data.length; p += 4) {
      if (data[p] !== data[0] || data[p + 1] !== data[1] || data[p + 2] !== data[2]) distinct++;
      if (Math.abs(data[p]) + Math.abs(data[p + 1]) + Math.abs(data[p + 2] - 128) > 6) notJetZero++;
      sum += data[p] + data[p + 1] + data[p + 2];
      checksum = (Math.imul(checksum, 31) + data[p] + 7 * data[p + 1] + 13 * data[p + 2]) | 0;
    }
    return { width: canvas.width, height: canvas.height, distinct, notJetZero, mean: sum / (data.length * 0.75), checksum };
  }, id);
}

export interface PagePrediction {
  label: string;
  percent: number;
}

/** The page's top classes, as shown. */
export async function pagePredictions(page: Page): Promise<PagePrediction[]> {
  const rows = await page.locator('#predictions li').allInnerTexts();
  return rows.map((row) => {
    const match = /^(.*) ([\d.]+)%$/.exec(row.trim());
    if (!match) throw new Error(`unexpected prediction '${row}'`);
    return { label: match[1], percent: Number(match[2]) };
  });
}

/** Sizes of what the explanation read back, and the layer's size, from the page's readback line. */
export async function readbacks(page: Page): Promise<{ sizes: number[]; layer: number }> {
  const text = (await page.locator('#readback').textContent()) ?? '';
  const match = /^\d+ reads \(([\dx, ]*)\), largest \d+ values; the layer holds (\d+)$/.exec(text);
  if (!match) throw new Error(`no readback in '${text}'`);
  const sizes = match[1].split(', ').map((shape) => shape.split('x').reduce((a, b) => a * Number(b), 1));
  return { sizes, layer: Number(match[2]) };
}
