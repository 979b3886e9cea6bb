import { pino, type Logger, type DestinationStream, type LevelWithSilent } from "pino";

export type { Logger } from "pino";

/**
 * Keys whose values never reach a log line, wherever they appear in a logged object. Advisory text
 * lives under `summary`/`description`; webhook payloads and request bodies may carry it too.
 */
const REDACTED_PATHS = [
  "payload",
  "*.payload",
  "summary",
  "*.summary",
  "description",
  "*.description",
  "body",
  "*.body",
  "*.*.body",
  "token",
  "*.token",
  "privateKey",
  "*.privateKey",
  "headers.authorization",
  "*.headers.authorization",
  "request",
  "*.request",
  "response.data",
  "*.response.data",
];

/** Credential shapes GitHub issues; scrubbed from every serialized line as a second line of defence. */
const CREDENTIAL_PATTERN =
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|v1\.[0-9a-f]{40})\b|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;

const MIN_SECRET_LENGTH = 8;
const MAX_SECRETS = 2000;

/**
 * Text the process has learned is private (embargoed advisory summaries and descriptions). Anything
 * registered here is cut from every log line at write time, so a careless `log.info(x)` cannot leak
 * it. Bounded: the oldest entries go first, which is acceptable because handlers register what they
 * read just before they could log it.
 */
export class SecretRegistry {
  readonly #secrets = new Set<string>();

  register(text: string | null | undefined): void {
    if (!text) return;
    for (const piece of [text, ...text.split(/\r?\n/)]) {
      const trimmed = piece.trim();
      if (trimmed.length < MIN_SECRET_LENGTH) continue;
      this.#secrets.delete(trimmed);
      this.#secrets.add(trimmed);
      // The same text as it appears inside a JSON string.
      const escaped = JSON.stringify(trimmed).slice(1, -1);
      if (escaped !== trimmed) this.#secrets.add(escaped);
    }
    while (this.#secrets.size > MAX_SECRETS) {
      const oldest = this.#secrets.values().next().value as string;
      this.#secrets.delete(oldest);
    }
  }

  scrub(line: string): string {
    let out = line.replace(CREDENTIAL_PATTERN, "[redacted]");
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join("[redacted]");
    }
    return out;
  }
}

/** The process-wide registry the default logger consults. */
export const secrets = new SecretRegistry();

export interface LoggerOptions {
  level?: LevelWithSilent | undefined;
  destination?: DestinationStream | undefined;
  registry?: SecretRegistry | undefined;
}

/** Serializes errors without the request/response objects Octokit attaches (they carry bodies). */
function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: Record<string, unknown> = { type: err.name, message: err.message, stack: err.stack };
  const status = (err as { status?: unknown }).status;
  if (typeof status === "number") out.status = status;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") out.code = code;
  return out;
}

/**
 * The app's logger: pino with key-based redaction, an error serializer that drops request bodies,
 * and a final scrub of credentials and registered secrets on every serialized line.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const registry = options.registry ?? secrets;
  return pino(
    {
      level: options.level ?? (process.env.LOG_LEVEL as LevelWithSilent | undefined) ?? "info",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { err: serializeError, error: serializeError },
      hooks: { streamWrite: (line) => registry.scrub(line) },
    },
    options.destination ?? pino.destination(1),
  );
}
