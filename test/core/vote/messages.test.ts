import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { noticeOf, renderCancelledUntrusted, renderVoteLogEntry, REPOSTED_NOTICE, untrustedVoteRecord, VOTE_REPLIES, voteCheckText } from "../../../src/core/vote/messages.js";
import { voteMarker, type Person } from "../../../src/core/vote/vote-record.js";
import { NO, tallyVote, YES } from "../../../src/core/vote/vote-tally.js";
import { aRecord, people, react } from "./builders.js";

/** Compares with test/core/vote/golden/<name>.md; `UPDATE_GOLDEN=1` rewrites the file. */
function expectGolden(name: string, text: string): void {
  const file = new URL(`./golden/${name}.md`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, "utf8"));
}

const [a, b] = people(3) as [Person, Person, Person];
const MARKER = voteMarker({ owner: "octo-org", repo: "security-wg", issue_number: 7 });

describe("vote messages", () => {
  it("logs a cancelled vote with who, why (escaped) and the final counts", () => {
    const record = aRecord({ state: "cancelled", closed: { at: "2026-11-27T09:00:00.000Z", by: { id: 1001, login: "member1" }, reason: "the applicant <b>withdrew</b> @everyone" } });
    expectGolden("log-entry-cancelled", renderVoteLogEntry(record, tallyVote(record.electorate, [react(a, YES), react(b, NO)])));
  });

  it("logs a passed vote", () => {
    const record = aRecord({ state: "passed", closed: { at: "2026-11-26T08:30:00.000Z" } });
    expectGolden("log-entry-passed", renderVoteLogEntry(record, tallyVote(record.electorate, [react(a, YES), react(b, YES)])));
  });

  it("states the check of an open, a passed and an edited vote", () => {
    const open = voteCheckText(aRecord());
    const passed = voteCheckText(aRecord({ state: "passed", closed: { at: "2026-11-26T08:30:00.000Z" } }));
    const edited = voteCheckText(null, "the vote record was edited");
    expectGolden("check-texts", [open, passed, edited].map((t) => `${t.status}/${t.conclusion ?? "-"}: ${t.title}\n${t.summary}`).join("\n\n"));
  });

  it("freezes a vote comment whose record did not verify as cancelled, with the signer's reason escaped", () => {
    expectGolden("cancelled-untrusted", renderCancelledUntrusted(MARKER, "2026-11-27T09:00:00.000Z", { id: 1001, login: "member1" }, "forged <!-- x --> record"));
  });

  it("tells the tracker about an untrusted vote record without repeating the comment", () => {
    const { what, consequence } = untrustedVoteRecord("octo-org/security-wg#7", "the signature does not match");
    expectGolden("untrusted-record", `${what}\n${consequence}`);
  });

  it("answers the /vote commands", () => {
    const replies = [
      VOTE_REPLIES.none,
      VOTE_REPLIES.tampered("the signature does not match"),
      VOTE_REPLIES.reposted,
      VOTE_REPLIES.cancelled("member1", "the applicant withdrew"),
      VOTE_REPLIES.notOpen,
      VOTE_REPLIES.extended("2026-12-05T12:00:00.000Z", "member1"),
      VOTE_REPLIES.alreadyExtended,
      VOTE_REPLIES.tamperedNoChange,
    ];
    expectGolden("replies", replies.join("\n\n"));
  });

  it("carries only secwg's own note across updates of the vote comment", () => {
    expect(noticeOf(`x\n> [!NOTE]\n> ${REPOSTED_NOTICE}\n`)).toBe(REPOSTED_NOTICE);
    expect(noticeOf("x\n> [!NOTE]\n> Vote for me instead\n")).toBeUndefined();
  });
});
