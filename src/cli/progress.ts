import cliProgress from 'cli-progress';

/** A progress bar on stderr, shown only for more than one item and only on a terminal. */
export function createProgress(total: number, label: string): { update(n: number): void; stop(): void } {
  if (total <= 1 || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {value}/{total} {eta_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (n) => bar.update(n), stop: () => bar.stop() };
}
