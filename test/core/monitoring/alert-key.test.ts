import { alertMarker, parseAlertKey } from "../../../src/core/monitoring/alerts.js";
import { parseMarkers } from "../../../src/core/marker.js";

describe("parseAlertKey", () => {
  it.each([
    ["dependabot-42-7", { kind: "dependabot", repoId: 42, number: 7 }],
    ["code-scanning-1-2", { kind: "code-scanning", repoId: 1, number: 2 }],
    ["secret-scanning-900-31", { kind: "secret-scanning", repoId: 900, number: 31 }],
  ])("reads %s", (key, expected) => {
    expect(parseAlertKey(key)).toEqual(expected);
  });

  it.each(["GHSA-2222-3333-4444", "dependabot-42", "dependabot-0-7", "other-42-7", "dependabot-42-7-8", "dependabot-4a-7"])("names no alert for %s", (key) => {
    expect(parseAlertKey(key)).toBeNull();
  });

  it("reads back the key of the marker secwg writes", () => {
    const marker = parseMarkers(alertMarker({ kind: "code-scanning", repo: { owner: "acme", repo: "webapp", id: 5 }, number: 9 }))[0];
    expect(parseAlertKey(marker?.key ?? "")).toEqual({ kind: "code-scanning", repoId: 5, number: 9 });
  });
});
