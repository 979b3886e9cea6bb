#!/usr/bin/env node
import { existsSync } from "node:fs";
import { run } from "probot";
import app from "./index.js";
import { createLogger } from "./logger.js";
import { serve } from "./app/serve.js";
import { launchDemo } from "./demo/launch.js";

/**
 * `npm start`.
 * - With GitHub App credentials (APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH, from the environment or
 *   `.env`): serves webhooks, `/healthz`, `/readyz`, `/metrics`, and sweeps; refuses to start
 *   without a usable WEBHOOK_SECRET (there is no development fallback).
 * - Without them: the local demo against a simulated GitHub, or Probot's setup flow (which
 *   registers the app from `app.yml` and writes `.env`) when SECWG_SETUP=1.
 */
async function main(): Promise<void> {
  // Probot reads `.env` too, but only once it runs; secwg must know first whether credentials exist.
  if (existsSync(".env")) process.loadEnvFile(".env");
  const hasCredentials = !!process.env.APP_ID && !!(process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH);
  const production = process.env.NODE_ENV === "production";
  if (hasCredentials) {
    // serve() refuses to start without a usable WEBHOOK_SECRET, whatever NODE_ENV says.
    await serve();
    return;
  }
  if (production) {
    console.error("APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) are not set: secwg cannot reach GitHub. Set the GitHub App's credentials.");
    process.exit(1);
  }
  if (process.env.SECWG_SETUP !== "1") {
    // A newcomer's first run: secwg working against a local GitHub simulator.
    process.exitCode = await launchDemo(process.argv.slice(2));
    return;
  }
  console.log(
    [
      "secwg: no GitHub App credentials found (APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH).",
      "Starting Probot's setup flow: open the URL below, register the app from app.yml, and the",
      "credentials are written to .env. Run `npm start` again afterwards.",
    ].join("\n"),
  );
  await run(app, { log: createLogger() });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
