#!/usr/bin/env node
import { run } from "probot";
import app from "./index.js";
import { createLogger } from "./logger.js";

/**
 * `npm start`. With GitHub App credentials (APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH) it serves
 * webhooks; without them it starts Probot's setup flow, which registers the app from `app.yml`.
 */
async function main(): Promise<void> {
  const hasCredentials = !!process.env.APP_ID && !!(process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH);
  const production = process.env.NODE_ENV === "production";
  if (production && !process.env.WEBHOOK_SECRET) {
    console.error("WEBHOOK_SECRET is not set. secwg refuses to start in production without it: set it to the secret of your GitHub App's webhook.");
    process.exit(1);
  }
  if (!hasCredentials) {
    console.log(
      [
        "secwg: no GitHub App credentials found (APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH).",
        "Starting Probot's setup flow: open the URL below, register the app from app.yml, and the",
        "credentials are written to .env. Restart `npm start` afterwards.",
      ].join("\n"),
    );
  }
  await run(app, { log: createLogger() });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
