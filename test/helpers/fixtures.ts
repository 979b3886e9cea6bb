import { readFileSync } from "node:fs";
import { INSTALLATION_ID } from "./probot.js";

/**
 * A real webhook payload from fixtures/webhooks (copied from @octokit/webhooks-examples). GitHub App
 * deliveries always carry `installation`, which some examples lack, so it is added here.
 */
export function loadPayload<T = Record<string, any>>(event: string, action: string): T {
  const payload = JSON.parse(readFileSync(new URL(`../../fixtures/webhooks/${event}/${action}.json`, import.meta.url), "utf8"));
  payload.installation ??= { id: INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMg==" };
  return payload as T;
}

export function readFixture(path: string): string {
  return readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), "utf8");
}
