import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { REPORT_REPLIES } from "../../../src/core/reports/report-messages.js";

/** Compares with test/core/reports/golden/<name>; `UPDATE_GOLDEN=1` rewrites the file. */
function expectGolden(name: string, text: string): void {
  const file = new URL(`./golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, "utf8"));
}

describe("replies to report commands", () => {
  it("answers a refused, failed, public-tracker or log-less command in secwg's own words", () => {
    const text = [
      "## public tracker",
      REPORT_REPLIES.publicTracker,
      "## refused",
      REPORT_REPLIES.refused("alice", "publish", "2 of 3 signer approvals for the current content."),
      "## no intake entry",
      REPORT_REPLIES.noIntake("alice", "ack"),
      "## failed",
      REPORT_REPLIES.failed("alice", "fork", "GitHub refused the request (422)."),
      "",
    ].join("\n\n");
    expectGolden("command-replies.md", text);
  });
});
