/** How a bench section reports its progress: the CLI passes progress bars, tests and the library nothing. */
export type ProgressFactory = (label: string, total: number) => { update(done: number): void; stop(): void };

export const NO_PROGRESS: ProgressFactory = () => ({ update: () => undefined, stop: () => undefined });
