/**
 * An error the user can fix: bad usage or bad input. The CLI prints its message on one line and exits 2.
 * Anything else that escapes is a bug or a runtime failure and exits 1.
 */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function isUsageError(e: unknown): e is UsageError {
  return e instanceof UsageError;
}
