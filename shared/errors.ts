/**
 * The app's small error hierarchy. Every error that crosses a boundary is one of these, and
 * `toHttpResponse` (shared/http/responses.ts) maps them to status codes in one place.
 */
export class AppError extends Error {
  /** HTTP status this error maps to when it reaches an HTTP boundary. */
  readonly status: number = 500;
  /** A short, stable, machine-readable code. */
  readonly code: string = 'internal';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that fails validation: a body, a query, a queue message, card data. */
export class ValidationError extends AppError {
  override readonly status = 400;
  override readonly code = 'invalid_input';
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
  }
}

/** Bad input to a bot command: the answer is the command's usage line. */
export class UsageError extends ValidationError {}

export class UnauthorizedError extends AppError {
  override readonly status = 401;
  override readonly code = 'unauthorized';
}

export class ForbiddenError extends AppError {
  override readonly status = 403;
  override readonly code = 'forbidden';
}

export class NotFoundError extends AppError {
  override readonly status = 404;
  override readonly code = 'not_found';
}

/** Optimistic concurrency lost: someone else changed the entity first. Re-read and retry. */
export class ConflictError extends AppError {
  override readonly status = 409;
  override readonly code = 'conflict';
}

/** Configuration is missing or invalid. The message names every problem and no secret value. */
export class ConfigError extends AppError {
  override readonly code = 'config';
  constructor(readonly problems: readonly string[]) {
    super(
      `Configuration is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/** A call to NetBird or Graph failed after retries. `upstreamStatus` is what the service answered (0: no answer). */
export class UpstreamError extends AppError {
  override readonly status = 502;
  override readonly code: string = 'upstream';
  constructor(
    readonly service: 'netbird' | 'graph' | 'botframework' | 'storage',
    readonly upstreamStatus: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
  /** True when trying again later may succeed (throttling, server errors, network failures). */
  get transient(): boolean {
    return this.upstreamStatus === 0 || this.upstreamStatus === 429 || this.upstreamStatus >= 500;
  }
}

/** Storage could not be reached or refused a write: callers answer 5xx so the sender retries. */
export class StorageError extends AppError {
  override readonly status = 503;
  override readonly code = 'storage_unavailable';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
