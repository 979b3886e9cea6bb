import {
  appendMemberEntry,
  isConfirmation,
  onBehalfBranch,
  parseOnBehalfRecord,
  renderConfirmation,
  renderOnBehalfBody,
  type OnBehalfRecord,
} from "../../../src/core/membership/on-behalf.js";
import { checkTemplateAnswers } from "../../../src/core/membership/membership-template.js";
import { parseRosterYaml } from "../../../src/core/roster.js";
import { BASE_ROSTER } from "./builders.js";

const KEY = "app-secret";
const REPO = { owner: "Octo-Org", repo: "security-wg" };
const record: OnBehalfRecord = { v: 1, repo: "octo-org/security-wg", branch: onBehalfBranch(5000), subject: { id: 5000, login: "newcomer" }, proposer: { id: 1001, login: "alice" }, comment: 42 };

describe("the proposal record of a request opened on someone's behalf", () => {
  const body = renderOnBehalfBody(record, KEY);

  it.each([
    ["secwg's own record on its branch", body, KEY, onBehalfBranch(5000), "ok"],
    ["another branch", body, KEY, "join-newcomer", "tampered"],
    ["signed with another key", body, "other-secret", onBehalfBranch(5000), "tampered"],
    ["not on the first line", `Quoted:\n${body}`, KEY, onBehalfBranch(5000), "missing"],
    ["a payload edited to another subject", body.replace(/membership-on-behalf:([\w-]+)\./, (_m, p: string) => `membership-on-behalf:${Buffer.from(Buffer.from(p, "base64url").toString().replace("5000", "6000")).toString("base64url")}.`), KEY, onBehalfBranch(6000), "tampered"],
  ])("%s → %s", (_name, text, key, branch, kind) => {
    expect(parseOnBehalfRecord(text, key, { repo: REPO, branch }).kind).toBe(kind);
  });

  it("answers every section of the template, so the request is checked like any other", () => {
    expect(checkTemplateAnswers(body)).toEqual([]);
    expect(body).toContain("@newcomer: please confirm with a comment `/confirm` on this pull request.");
  });
});

describe("the confirmation record", () => {
  const text = renderConfirmation({ v: 1, target: "octo-org/security-wg#7", subject: 5000, comment: 9 }, "newcomer", KEY);
  it.each([
    ["its own pull request and subject", "octo-org/security-wg#7", 5000, KEY, true],
    ["another pull request", "octo-org/security-wg#8", 5000, KEY, false],
    ["another subject", "octo-org/security-wg#7", 6000, KEY, false],
    ["another key", "octo-org/security-wg#7", 5000, "other-secret", false],
  ])("%s → %s", (_name, target, subject, key, ok) => {
    expect(isConfirmation(text, key, target, subject)).toBe(ok);
  });
});

describe("the entry secwg proposes", () => {
  it("appends login, id and roles, and changes nothing else", () => {
    const text = appendMemberEntry(BASE_ROSTER, { id: 5000, login: "newcomer" }) as string;
    expect(text).toBe(`${BASE_ROSTER}  - login: newcomer\n    id: 5000\n    roles: [member]\n`);
    expect(parseRosterYaml(text, "roster").byId(5000)).toMatchObject({ login: "newcomer", roles: ["member"] });
  });

  it("proposes nothing for someone already in the roster, or a roster it cannot parse", () => {
    expect(appendMemberEntry(BASE_ROSTER, { id: 1001, login: "alice" })).toBeNull();
    expect(appendMemberEntry("members: [", { id: 5000, login: "newcomer" })).toBeNull();
  });
});
