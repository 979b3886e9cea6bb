import { ConcurrentWriteError, SecwgError } from "../errors.js";

/** Waits before the 2nd, 3rd and 4th attempt of a queued event whose handler failed transiently. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [5_000, 30_000, 120_000];

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * Whether a failed handler is worth running again. GitHub already has its 200 when queued work
 * fails, so it will never redeliver: secwg retries what may pass later (GitHub 5xx, rate limits,
 * network errors) and not what would fail the same way again (invalid config, 404, 422, bugs).
 */
export function isTransientFailure(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return status >= 500 || status === 429 || (status === 403 && /rate limit/i.test(String((error as Error).message)));
  if (error instanceof ConcurrentWriteError) return true;
  if (error instanceof SecwgError) return false;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|EPIPE|UND_ERR_\w+)$/.test(code);
}

/** The delay before attempt `attempt + 1` (attempts count from 1), or null when out of attempts. */
export function nextRetryDelay(error: unknown, attempt: number, delays: readonly number[] = DEFAULT_RETRY_DELAYS_MS): number | null {
  if (!isTransientFailure(error)) return null;
  return delays[attempt - 1] ?? null;
}
