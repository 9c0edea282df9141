import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliResult } from './cli.js';
import { ROOT } from './cli.js';

const BIN = fileURLToPath(new URL('../../bin/litecam.js', import.meta.url));
/** The preload that makes every native addon fail to load (see block-native-addons.mjs), as a file URL for --import. */
export const BLOCK_NATIVE_ADDONS = new URL('./block-native-addons.mjs', import.meta.url).href;

/**
 * Runs `node [nodeArgs] script args` from the repository root with extra environment variables, under a hard
 * time limit. `litecam()` in cli.ts runs the CLI as is; this one can also preload a module first.
 */
export function runNode(nodeArgs: string[], args: string[], env: Record<string, string> = {}, timeoutMs = 90_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: ROOT, env: { ...process.env, LITECAM_DEBUG: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${[...nodeArgs, ...args].join(' ')} did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `litecam ...args` as on a board where no native addon loads: any attempt to load one fails. */
export function litecamWithoutAddons(args: string[], env: Record<string, string> = {}, timeoutMs?: number): Promise<CliResult> {
  return runNode(['--import', BLOCK_NATIVE_ADDONS], [BIN, ...args], env, timeoutMs);
}

/** `litecam ...args` with its native addons, for the reference run; same environment handling. */
export function litecamWithAddons(args: string[], env: Record<string, string> = {}, timeoutMs?: number): Promise<CliResult> {
  return runNode([], [BIN, ...args], env, timeoutMs);
}
