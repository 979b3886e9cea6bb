import { changesOnlyTheRoster } from "../../../src/core/review/roster-changes.js";

const group = { owner: "acme", repo: "security-wg" };
const base = { repo: group, group, rosterPath: "MEMBERS.yml", files: [{ filename: "MEMBERS.yml" }], filesCapped: false };

describe("pull requests governed by the membership vote rather than security review", () => {
  it("are those of the group repository that change only the roster", () => {
    expect(changesOnlyTheRoster(base)).toBe(true);
    expect(changesOnlyTheRoster({ ...base, repo: { owner: "ACME", repo: "Security-WG" } })).toBe(true);
  });

  it.each([
    ["another repository", { repo: { owner: "acme", repo: "webapp" } }],
    ["a second file", { files: [{ filename: "MEMBERS.yml" }, { filename: "auth/views.py" }] }],
    ["a roster renamed from elsewhere", { files: [{ filename: "MEMBERS.yml", previous_filename: "auth/secret.py" }] }],
    ["a file list GitHub cut short", { filesCapped: true }],
    ["no files", { files: [] }],
  ])("are not pull requests with %s", (_what, change) => {
    expect(changesOnlyTheRoster({ ...base, ...change })).toBe(false);
  });
});
