import { isUsageError } from '../errors.js';

/**
 * Runs a command body and turns every failure into one line on stderr and an exit code:
 * 2 for bad usage or input (the user can fix it), 1 for anything else. Set LITECAM_DEBUG=1 for stacks.
 */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    const message = String((e as Error)?.message ?? e).split('\n')[0];
    if (process.env.LITECAM_DEBUG) console.error(e);
    if (isUsageError(e)) {
      process.stderr.write(`litecam: ${message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`litecam: error: ${message}\n`);
      process.exitCode = 1;
    }
  }
}
