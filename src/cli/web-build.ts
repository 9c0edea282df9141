/**
 * The web app's build, made with Vite's API when there is none for the current sources. Builds are kept by
 * content: a hash of every file the bundle can draw on (web/, src/, the demo model, the lockfile) names
 * the build's folder, web/dist/<hash>/. A server keeps serving the build it started with even when the
 * sources change and a newer build appears beside it; only builds older than the two newest are removed.
 * Concurrent builders (two test files, a server and the benchmark) take turns through a lock file, and a
 * build is renamed into place whole, so nobody serves half of one.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIR = join(ROOT, 'web');
/** Where the builds go, one folder each. */
export const WEB_DIST = join(WEB_DIR, 'dist');
const STAMP = '.litecam-build.json';
/** Builds kept: the newest and the one before, which a server started earlier may still be serving. */
const KEPT_BUILDS = 2;
/** Hex digits of the source hash that name a build's folder. */
const BUILD_NAME_LENGTH = 16;
const LOCK = join(WEB_DIR, '.dist.lock');
/** What the bundle is made from; web/dist itself and dot-folders (temporary builds) are left out. */
const INPUTS = ['web', 'src', join('models', 'demo', 'model'), 'package-lock.json'];
/** A lock older than this is left over from a killed build. */
const STALE_LOCK_MS = 10 * 60_000;
const LOCK_POLL_MS = 250;

/** What web/vite.config.ts exports for this file. */
interface WebConfigModule {
  webConfig(outDir: string): import('vite').InlineConfig;
}

export interface WebBuild {
  /** The build's folder, web/dist/<hash>/. */
  dir: string;
  /** False when the existing build was up to date. */
  built: boolean;
  buildMs: number;
}

/** The build for the current sources, made first if there is none or `force` is set. */
export async function ensureWebBuild(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<WebBuild> {
  const hash = sourceHash();
  const dir = join(WEB_DIST, hash.slice(0, BUILD_NAME_LENGTH));
  if (!options.force && isBuilt(dir)) return { dir, built: false, buildMs: 0 };
  const release = await acquireLock();
  try {
    // Someone else may have built it while we waited.
    if (!options.force && isBuilt(dir)) return { dir, built: false, buildMs: 0 };
    options.log?.(`building the web app (web/ -> ${relative(ROOT, dir)}/) ...`);
    const t0 = performance.now();
    await viteBuild(hash, dir);
    pruneBuilds();
    const buildMs = performance.now() - t0;
    options.log?.(`built in ${(buildMs / 1000).toFixed(1)} s`);
    return { dir, built: true, buildMs };
  } finally {
    release();
  }
}

/** Content hash of the build's inputs. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((p) => listFiles(join(ROOT, p)))) {
    hash.update(relative(ROOT, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && !(e.isDirectory() && path === WEB_DIR && e.name === 'dist'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => listFiles(join(path, e.name)));
}

function isBuilt(dir: string): boolean {
  return existsSync(join(dir, STAMP));
}

async function viteBuild(hash: string, dir: string): Promise<void> {
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new UsageError('the web app has no build for these sources in web/dist and Vite (a development dependency) is not installed; run npm ci');
  }
  // By path: the config lives with the app in web/, outside the library's sources.
  const { webConfig } = (await import(pathToFileURL(join(WEB_DIR, 'vite.config.ts')).href)) as WebConfigModule;
  const temporary = join(WEB_DIST, `.building-${process.pid}`);
  try {
    await vite.build({ configFile: false, mode: 'production', ...webConfig(temporary) });
    writeFileSync(join(temporary, STAMP), JSON.stringify({ hash, builtAt: new Date().toISOString(), vite: vite.version }));
    rmSync(dir, { recursive: true, force: true });
    renameSync(temporary, dir);
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}

/** Remove all but the newest KEPT_BUILDS builds. */
function pruneBuilds(): void {
  const builds = readdirSync(WEB_DIST, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => ({ path: join(WEB_DIST, e.name), time: statSync(join(WEB_DIST, e.name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const old of builds.slice(KEPT_BUILDS)) rmSync(old.path, { recursive: true, force: true });
}

/** Wait for the build lock; returns its release. */
async function acquireLock(): Promise<() => void> {
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      writeFileSync(LOCK, String(process.pid));
      return () => rmSync(LOCK, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (lockIsStale()) rmSync(LOCK, { force: true });
    else await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
  }
}

function lockIsStale(): boolean {
  try {
    const owner = Number(readFileSync(LOCK, 'utf8'));
    if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) return true;
    if (Number.isInteger(owner) && owner > 0) process.kill(owner, 0);
    return false;
  } catch (e) {
    // ESRCH: the owner is gone. A lock that vanished meanwhile is free too.
    return (e as NodeJS.ErrnoException).code === 'ESRCH' || (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
