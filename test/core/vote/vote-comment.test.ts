import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { renderStatusReply, renderTamperedNotice, renderVoteComment } from "../../../src/core/vote/vote-comment.js";
import { parseVoteRecord, voteMarker } from "../../../src/core/vote/vote-record.js";
import { decideVote, NO, tallyVote, YES } from "../../../src/core/vote/vote-tally.js";
import type { Person } from "../../../src/core/vote/vote-record.js";
import { aRecord, people, react } from "./builders.js";

const KEY = "test-key";
const MARKER = voteMarker({ owner: "octo-org", repo: "security-wg", issue_number: 7 });

/** Compares with test/core/vote/golden/<name>.md; `UPDATE_GOLDEN=1` rewrites the file. */
function expectGolden(name: string, text: string): void {
  const file = new URL(`./golden/${name}.md`, import.meta.url);
  // The signed record is opaque and covered by its own tests; keep goldens readable.
  const normalised = text.replace(/<!-- secwg:vote-record:[^ ]+ -->/, "<!-- secwg:vote-record:SIGNED -->");
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, normalised);
  expect(normalised).toBe(readFileSync(file, "utf8"));
}

describe("vote comment", () => {
  const electorate = people(3);
  const [a, b, c] = electorate as [Person, Person, Person];
  const outsider = { id: 42, login: "passerby" };

  it("shows an open vote with what is decided, how to vote, the rule, the electorate and a live tally", () => {
    const record = aRecord();
    const tally = tallyVote(record.electorate, [react(a, YES), react(b, YES), react(b, NO), react(outsider, YES)]);
    expectGolden("open", renderVoteComment({ record, tally, marker: MARKER, signingKey: KEY }));
  });

  it("shows the final result of a passed vote", () => {
    const record = aRecord({ state: "passed", closed: { at: "2026-11-26T08:30:00.000Z" } });
    const tally = tallyVote(record.electorate, [react(a, YES), react(c, YES)]);
    const decision = decideVote(tally, { quorum: null }, false);
    expectGolden("passed", renderVoteComment({ record, tally, marker: MARKER, signingKey: KEY, decision }));
  });

  it("shows a failed vote with the reason", () => {
    const record = aRecord({ state: "failed", closed: { at: "2026-12-02T12:00:00.000Z" }, quorum: 3 });
    const tally = tallyVote(record.electorate, [react(a, YES)]);
    const decision = decideVote(tally, { quorum: 3 }, true);
    expectGolden("failed", renderVoteComment({ record, tally, marker: MARKER, signingKey: KEY, decision }));
  });

  it("keeps a cancelled vote visible with who cancelled it and why", () => {
    const record = aRecord({
      state: "cancelled",
      closed: { at: "2026-11-27T09:00:00.000Z", by: { id: 1001, login: "member1" }, reason: "the request was withdrawn" },
    });
    const tally = tallyVote(record.electorate, [react(a, YES)]);
    expectGolden("cancelled", renderVoteComment({ record, tally, marker: MARKER, signingKey: KEY }));
  });

  it("explains why a vote comment was posted again", () => {
    const record = aRecord({ extended: true, deadline: "2026-12-05T12:00:00.000Z" });
    const tally = tallyVote(record.electorate, []);
    const body = renderVoteComment({ record, tally, marker: MARKER, signingKey: KEY, notice: "The vote comment was deleted, so secwg posted it again." });
    expectGolden("reposted", body);
  });

  it("embeds a record that verifies and the marker on the first line", () => {
    const record = aRecord();
    const body = renderVoteComment({ record, tally: tallyVote(record.electorate, []), marker: MARKER, signingKey: KEY });
    expect(body.startsWith(MARKER)).toBe(true);
    expect(parseVoteRecord(body, KEY, record.target)).toEqual({ kind: "ok", record });
  });

  it("tells readers that an edited record is not trusted and how to end the vote", () => {
    expectGolden("tampered", renderTamperedNotice("the vote record's signature does not match (it was edited)"));
  });

  it("answers /vote status in one line", () => {
    const record = aRecord();
    expect(renderStatusReply(record, tallyVote(record.electorate, [react(a, YES)]), "https://github.com/x")).toBe(
      "Vote open until 2026-12-02 12:00 UTC: 1 👍, 0 👎, 0 abstained, 2 not voted; 2 of 3 👍 needed. Details: https://github.com/x",
    );
  });
});
