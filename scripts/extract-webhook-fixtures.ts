/**
 * Copies real webhook payloads from @octokit/webhooks-examples into fixtures/webhooks/<event>/<action>.json.
 * Run: npx tsx scripts/extract-webhook-fixtures.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as Array<{
  name: string;
  examples: Array<{ action?: string } & Record<string, unknown>>;
}>;

/** event → actions we test with; the first example of each is taken. */
const WANTED: Record<string, string[]> = {
  pull_request: ["opened", "reopened", "synchronize", "edited", "labeled", "ready_for_review", "closed"],
  pull_request_review: ["submitted", "dismissed"],
  issue_comment: ["created", "edited"],
  issues: ["opened", "closed"],
  installation: ["created"],
  security_advisory: ["published", "updated", "withdrawn"],
  dependabot_alert: ["created", "fixed"],
  code_scanning_alert: ["created", "fixed", "reopened", "closed_by_user"],
  repository: ["created", "publicized", "transferred"],
  installation_repositories: ["added"],
};

for (const [event, actions] of Object.entries(WANTED)) {
  const group = examples.find((e) => e.name === event);
  if (!group) throw new Error(`no examples for ${event}`);
  for (const action of actions) {
    const example = group.examples.find((e) => e.action === action);
    if (!example) {
      console.warn(`skip ${event}.${action}: not in @octokit/webhooks-examples`);
      continue;
    }
    mkdirSync(`fixtures/webhooks/${event}`, { recursive: true });
    writeFileSync(`fixtures/webhooks/${event}/${action}.json`, `${JSON.stringify(example, null, 2)}\n`);
    console.log(`fixtures/webhooks/${event}/${action}.json`);
  }
}
