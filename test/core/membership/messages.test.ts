import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { MEMBERSHIP_REPLIES, MERGE_REFUSALS, renderAskForDates, renderFailedRequest, renderProblems, renderWelcome, validRequestSummary } from "../../../src/core/membership/messages.js";
import { NO, tallyVote, YES } from "../../../src/core/vote/vote-tally.js";
import { people, react } from "../vote/builders.js";
import { NEWCOMER } from "./builders.js";

/** Compares with test/core/membership/golden/<name>.md; `UPDATE_GOLDEN=1` rewrites the file. */
function expectGolden(name: string, text: string): void {
  const file = new URL(`./golden/${name}.md`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, "utf8"));
}

const PROBLEMS = [
  { problem: "the entry gives you the role `chair`", fix: "Use `roles: [member]`." },
  { problem: "the section “Why” is empty", fix: "Answer it in the description." },
];

describe("membership messages", () => {
  it("lists each problem of an invalid request with its fix", () => {
    expectGolden("problems", MEMBERSHIP_REPLIES.problems("newcomer", PROBLEMS, "roster.yml"));
  });

  it("summarises a valid request by login and id", () => {
    expectGolden("valid-summary", validRequestSummary(NEWCOMER, "roster.yml"));
  });

  it("says why a passed request was not merged", () => {
    expectGolden("merge-refusals", [MERGE_REFUSALS.notSubject, MERGE_REFUSALS.invalid(PROBLEMS), MERGE_REFUSALS.changed, MERGE_REFUSALS.refused(405)].join("\n\n"));
  });

  it("asks a fork's author for the two dates of their entry", () => {
    expectGolden("ask-dates", renderAskForDates(NEWCOMER, "roster.yml", "2026-11-26", 365));
  });

  it("thanks the applicant of a failed vote with the tally", () => {
    const electorate = people(3);
    const tally = tallyVote(electorate, [react(electorate[0]!, NO), react(electorate[1]!, NO), react(electorate[2]!, YES)]);
    expectGolden("failed", renderFailedRequest(NEWCOMER, tally, 3, true));
  });

  it("welcomes the new member by their current login and names the teams, escaped", () => {
    expectGolden("welcome", renderWelcome("newcomer-renamed", NEWCOMER, ["acme/security-team"], ["acme/missing (404)"]));
  });

  it("greets an account that no longer resolves without mentioning anyone", () => {
    expectGolden("welcome-unresolved", renderWelcome(null, { id: 5000, login: "@someone-else" }, [], []));
  });

  it("explains the problems in the check the same way as in the comment", () => {
    expect(MEMBERSHIP_REPLIES.problems("newcomer", PROBLEMS, "roster.yml")).toContain(renderProblems(PROBLEMS, "roster.yml"));
  });
});
