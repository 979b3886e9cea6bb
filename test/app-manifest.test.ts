import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import type { Probot } from "probot";
import { registerHandlers } from "../src/index.js";
import { defaultDeps } from "../src/app/deps.js";
import { ALWAYS_DELIVERED_EVENTS } from "../src/features/hygiene/register.js";

const manifest = yaml.load(readFileSync(new URL("../app.yml", import.meta.url), "utf8")) as {
  default_events: string[];
  default_permissions: Record<string, string>;
};

/** Event names (without actions) that the app registers handlers for. */
function subscribedEvents(): string[] {
  const names = new Set<string>();
  const fakeApp = {
    on(events: string | string[]) {
      for (const e of Array.isArray(events) ? events : [events]) names.add(e.split(".")[0] as string);
    },
    onAny() {},
    onError() {},
    log: { child: () => fakeApp.log, info() {}, warn() {}, error() {}, debug() {} },
  };
  registerHandlers(fakeApp as unknown as Probot, defaultDeps({ signingKey: "test-secret" }));
  // GitHub delivers these to every app; they cannot be subscribed to.
  return [...names].filter((n) => !(ALWAYS_DELIVERED_EVENTS as readonly string[]).includes(n)).sort();
}

describe("app.yml", () => {
  it("subscribes to exactly the events the code handles", () => {
    expect([...manifest.default_events].sort()).toEqual(subscribedEvents());
  });

  it("asks only for read access where the app never writes", () => {
    // contents: write is needed to fill in a new member's dates and merge a passed membership request.
    expect(manifest.default_permissions.contents).toBe("write");
    expect(manifest.default_permissions.metadata).toBe("read");
    expect(Object.values(manifest.default_permissions).every((v) => v === "read" || v === "write")).toBe(true);
  });
});
