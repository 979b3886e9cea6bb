import { SettingsError } from "./settings.js";

/**
 * No secret, no service. The webhook secret authenticates every delivery, and the signing key
 * (by default the same secret) signs every record secwg keeps in comments: report log entries,
 * vote records, security-review records. A missing, empty or well-known value would let anyone
 * forge both, so secwg refuses to start instead of falling back to one.
 */

/** Values that are public knowledge (Probot's development default) and so sign nothing. */
const WELL_KNOWN = new Set(["development", "secret", "changeme", "replace-with-the-app-webhook-secret"]);

function usable(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "" && !WELL_KNOWN.has(value.trim().toLowerCase());
}

/** `WEBHOOK_SECRET`, or a `SettingsError` when it is missing, empty or a well-known value. */
export function requireWebhookSecret(env: NodeJS.ProcessEnv = process.env): string {
  const secret = env.WEBHOOK_SECRET;
  if (!usable(secret)) {
    throw new SettingsError(
      "WEBHOOK_SECRET: required, and must not be empty or a well-known value. Set it to the webhook secret of your GitHub App (e.g. `openssl rand -hex 32`, entered in the app's settings too); secwg verifies every delivery and signs its records with it.",
    );
  }
  return secret;
}

/**
 * The key that signs and verifies secwg's records: `SECWG_SIGNING_KEY` when set (so the webhook
 * secret can be rotated without invalidating existing records), else `WEBHOOK_SECRET`. Throws
 * `SettingsError` when neither is usable.
 */
export function requireSigningKey(env: NodeJS.ProcessEnv = process.env): string {
  const signing = env.SECWG_SIGNING_KEY;
  if (signing !== undefined && signing !== "") {
    if (!usable(signing)) throw new SettingsError("SECWG_SIGNING_KEY: must not be blank or a well-known value (unset it to sign with WEBHOOK_SECRET).");
    return signing;
  }
  try {
    return requireWebhookSecret(env);
  } catch {
    throw new SettingsError(
      "SECWG_SIGNING_KEY or WEBHOOK_SECRET: required to sign and verify secwg's records, and must not be empty or a well-known value. Set WEBHOOK_SECRET to your GitHub App's webhook secret.",
    );
  }
}
