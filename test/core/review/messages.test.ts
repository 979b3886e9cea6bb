import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import {
  CLOSED_REPLY,
  CONFIG_INVALID_TITLE,
  NOTHING_TO_SKIP_REPLY,
  RECORD_PROBLEMS,
  refusal,
  REQUESTED_BY_SECWG,
  requestedByCommand,
  requestedByLabel,
  ROSTER_INVALID_TITLE,
  rosterInvalidSummary,
  untrustedRecordText,
} from "../../../src/core/review/messages.js";

const GOLDEN = new URL("./golden/messages.md", import.meta.url);
const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

/** Every sentence the security review writes, in one document. */
function render(): string {
  const untrusted = Object.keys(RECORD_PROBLEMS).map((reason) => untrustedRecordText("acme/webapp#2", reason as keyof typeof RECORD_PROBLEMS));
  return [
    "## Check titles",
    `- ${CONFIG_INVALID_TITLE}`,
    `- ${ROSTER_INVALID_TITLE}`,
    "## Roster unreadable",
    rosterInvalidSummary("MEMBERS.yml: members[0].id: expected a number"),
    "## Requested by",
    `- ${REQUESTED_BY_SECWG}`,
    `- ${requestedByCommand("alice")}`,
    `- ${requestedByLabel("security-review")}`,
    "## Untrusted record",
    ...untrusted.flatMap((u) => [`- ${u.what}`, `  ${u.consequence}`]),
    "## Replies",
    CLOSED_REPLY,
    NOTHING_TO_SKIP_REPLY,
    refusal("self-service", HEAD),
    refusal("other-commit", HEAD),
    refusal("not-seen", HEAD),
    "",
  ].join("\n");
}

describe("the security review's messages", () => {
  it("render exactly as the golden file", () => {
    const text = render();
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(new URL("./golden/", import.meta.url), { recursive: true });
      writeFileSync(GOLDEN, text);
    }
    expect(text).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("name the head commit in a refusal, short and then in full for the command to repeat", () => {
    expect(refusal("other-commit", HEAD)).toContain("(now `ec26c3e`)");
    expect(refusal("not-seen", HEAD)).toContain(`\`/security-review skip ${HEAD} <reason>\``);
  });
});
