import { readFileSync } from "node:fs";
import { checkMembershipRequest, fillMemberEntry, otherFilesThan, type MembershipRequestInput } from "../../../src/core/membership/membership-request.js";
import {
  checkTemplateAnswers,
  MEMBERSHIP_TEMPLATE_SECTIONS,
  renderMembershipTemplate,
} from "../../../src/core/membership/membership-template.js";
import { parseRosterYaml } from "../../../src/core/roster.js";
import { BASE_ROSTER, filledBody, NEWCOMER, OWN_ENTRY, withEntry } from "./builders.js";

function check(overrides: Partial<MembershipRequestInput> = {}) {
  return checkMembershipRequest({
    author: NEWCOMER,
    body: filledBody(),
    baseText: BASE_ROSTER,
    headText: withEntry(OWN_ENTRY),
    file: "MEMBERS.yml",
    openedOn: "2026-11-25",
    termDays: 365,
    ...overrides,
  });
}

function problems(overrides: Partial<MembershipRequestInput> = {}): string[] {
  const result = check(overrides);
  if (result.kind !== "invalid") throw new Error(`expected invalid, got ${result.kind}`);
  return result.problems.map((p) => `${p.problem} → ${p.fix}`);
}

describe("membership request", () => {
  it("accepts an author adding only themselves as a member, dates left for secwg", () => {
    expect(check()).toEqual({
      kind: "valid",
      entry: { login: "newcomer", id: 5000, name: "New Comer", roles: ["member"], tracker_access: false, away: false },
      needsDates: true,
      idFix: null,
    });
  });

  it("accepts dates consistent with the term length", () => {
    const result = check({ headText: withEntry(`${OWN_ENTRY}    joined: 2026-11-26\n    term_ends: 2027-11-26\n`) });
    expect(result).toMatchObject({ kind: "valid", needsDates: false });
  });

  it("reports malformed YAML with the line and how to fix it", () => {
    const [problem] = problems({ headText: withEntry("  - login: newcomer\n    id: [5000\n") });
    expect(problem).toMatch(/^`MEMBERS.yml` is not valid YAML \(line \d+, column \d+\)/);
    expect(problem).toContain("Fix the YAML syntax");
  });

  it("refuses a request adding someone else", () => {
    expect(problems({ headText: withEntry(OWN_ENTRY.replace("5000", "6000").replace("login: newcomer", "login: friend")) })).toEqual([
      "adds friend (id 6000), but this request was opened by @newcomer → A membership request can only add its author. Set `login: newcomer` if the entry is yours, or ask that person to open their own request.",
    ]);
  });

  it.each([
    ["a login only", OWN_ENTRY.replace("    id: 5000\n", ""), { kind: "missing" }],
    ["a login in another case", OWN_ENTRY.replace("    id: 5000\n", "").replace("newcomer", "NewComer"), { kind: "missing" }],
    ["another person's id", OWN_ENTRY.replace("5000", "6000"), { kind: "corrected", from: 6000 }],
    ["its own id", OWN_ENTRY, null],
  ])("takes the id from the author, never from the file: %s", (_name, entry, idFix) => {
    expect(check({ headText: withEntry(entry) })).toMatchObject({ kind: "valid", entry: { id: 5000 }, idFix });
  });

  it("refuses a login-only entry naming someone other than the author", () => {
    expect(problems({ headText: withEntry(OWN_ENTRY.replace("    id: 5000\n", "").replace("newcomer", "alice2")) })[0]).toContain("but this request was opened by @newcomer");
  });

  it("refuses an entry whose id is an existing member's, even with the author's login", () => {
    expect(problems({ headText: withEntry(OWN_ENTRY.replace("5000", "1002")) })[0]).toContain("id 1002 appears 2 times (it already belongs to bob)");
  });

  it("refuses a request adding two people", () => {
    const two = withEntry(`${OWN_ENTRY}  - login: friend\n    id: 6000\n    roles: [member]\n`);
    expect(problems({ headText: two })).toEqual([
      "adds 2 entries (newcomer (id 5000), friend (id 6000)); a membership request adds exactly one person, its author → Keep only your own entry; everyone else opens their own membership request.",
    ]);
  });

  it("refuses a role escalation", () => {
    expect(problems({ headText: withEntry(OWN_ENTRY.replace("[member]", "[member, chair]")) })).toEqual([
      "asks for roles [member, chair]; a membership request can only ask for [member] → Set `roles: [member]`. Chair, Co-Chair and Board Liaison are filled by election, not by a membership request.",
    ]);
  });

  it("refuses a duplicate id", () => {
    const dup = withEntry("  - login: newcomer\n    id: 1002\n    roles: [member]\n");
    expect(problems({ headText: dup })).toEqual([
      "id 1002 appears 2 times (it already belongs to bob) → Each person is listed once. Remove the `id:` line of your own entry and keep your `login`; secwg fills in your numeric id.",
      "adds nobody to the roster → Add one entry for yourself at the end of `MEMBERS.yml` with `login: newcomer` and `roles: [member]`; secwg fills in your numeric id.",
    ]);
  });

  it("refuses changes to other entries and removals", () => {
    const edited = BASE_ROSTER.replace("roles: [member]", "roles: [co-chair]").replace("    name: Alice Example\n", "");
    expect(problems({ headText: withEntry(OWN_ENTRY, edited) })).toEqual([
      "changes the entry of alice (id 1001) → Revert the changes to alice's entry; a membership request must not change anyone else.",
      "changes the entry of bob (id 1002) → Revert the changes to bob's entry; a membership request must not change anyone else.",
    ]);
    const removed = BASE_ROSTER.split("  - login: bob")[0] as string;
    expect(problems({ headText: withEntry(OWN_ENTRY, removed) })[0]).toBe(
      "removes bob (id 1002) from the roster → Restore bob's entry exactly as on the base branch; a membership request only adds its author.",
    );
  });

  it("refuses backdated or inconsistent dates and tracker access", () => {
    expect(problems({ headText: withEntry(`${OWN_ENTRY}    joined: 2026-01-01\n    term_ends: 2026-06-01\n    tracker_access: true\n`) })).toEqual([
      "sets `tracker_access: true` → Remove `tracker_access`; the Chair and Co-Chair grant tracker access after onboarding.",
      "`joined: 2026-01-01` is before this request was opened (2026-11-25) → Remove `joined` and `term_ends`; secwg fills them in when the vote passes.",
      "`term_ends: 2026-06-01` does not match the term length of 365 days (expected 2027-01-01) → Remove `joined` and `term_ends`; secwg fills them in when the vote passes.",
    ]);
  });

  it("reports invalid fields of the new entry with their path", () => {
    expect(problems({ headText: withEntry(`${OWN_ENTRY}    away: maybe\n`) })).toEqual([
      '`members[2] (newcomer).away`: expected true or false, got "maybe" → Correct that field of your entry as described (see the roster format in the README).',
    ]);
  });

  it("requires every template section to be answered and the disclosure box ticked", () => {
    const body = filledBody(["Motivation"]).replace("- [x]", "- [ ]").replace("Answer to Conflicts of interest.", "");
    expect(problems({ body })).toEqual([
      'the description has no "Motivation" section → Edit the description and add a `## Motivation` heading with your answer (Why you want to join the Security Working Group.). The template is in .github/PULL_REQUEST_TEMPLATE/membership.md.',
      'the "Conflicts of interest" section is empty → Edit the description and answer under "Conflicts of interest": Employers, clients or affiliations that could conflict with embargoed work, or "None".',
      'the "Responsible disclosure" box is not ticked → Edit the description and tick the box under "Responsible disclosure" (`- [x]`).',
    ]);
  });

  it("treats the untouched template as unanswered", () => {
    expect(checkTemplateAnswers(renderMembershipTemplate())).toHaveLength(MEMBERSHIP_TEMPLATE_SECTIONS.length);
  });

  it("leaves roster changes that add nobody and ignore the template to other checks", () => {
    const edited = BASE_ROSTER.replace("    roles: [member]\n", "    roles: [member]\n    away: true\n");
    expect(check({ headText: edited, body: "Bob is away until March." })).toEqual({ kind: "not-a-request" });
  });

  it("asks for a fixed base roster instead of judging the request against a broken one", () => {
    expect(problems({ baseText: "members: [" })[0]).toContain("on the base branch is missing or invalid");
  });
});

describe("membership template file", () => {
  it("matches the sections secwg checks", () => {
    const file = readFileSync(new URL("../../../.github/PULL_REQUEST_TEMPLATE/membership.md", import.meta.url), "utf8");
    expect(file).toBe(renderMembershipTemplate());
    const headings = [...file.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(MEMBERSHIP_TEMPLATE_SECTIONS.map((s) => s.heading));
  });
});

describe("filling in the new member's id and dates", () => {
  const NEW = NEWCOMER;
  it("adds joined and term_ends under the new entry and keeps the rest of the file", () => {
    const text = withEntry(OWN_ENTRY);
    const filled = fillMemberEntry(text, NEW, "2026-12-01", 365) as string;
    expect(filled).toBe(withEntry(OWN_ENTRY.replace("    id: 5000\n", "    id: 5000\n    joined: 2026-12-01\n    term_ends: 2027-12-01\n")));
    expect(parseRosterYaml(filled, "MEMBERS.yml").byId(5000)).toMatchObject({ joined: "2026-12-01", term_ends: "2027-12-01" });
  });

  it("fills only term_ends when joined was given", () => {
    const filled = fillMemberEntry(withEntry(`${OWN_ENTRY}    joined: 2026-11-30\n`), NEW, "2026-12-01", 365) as string;
    expect(parseRosterYaml(filled, "MEMBERS.yml").byId(5000)).toMatchObject({ joined: "2026-11-30", term_ends: "2027-11-30" });
  });

  it("writes the id under a login-only entry, found by login without regard to case", () => {
    const loginOnly = OWN_ENTRY.replace("    id: 5000\n", "").replace("login: newcomer", "login: NewComer");
    const filled = fillMemberEntry(withEntry(loginOnly), NEW, "2026-12-01", 365) as string;
    expect(filled).toBe(withEntry("  - login: NewComer\n    id: 5000\n    joined: 2026-12-01\n    term_ends: 2027-12-01\n    name: New Comer\n    roles: [member]\n"));
  });

  it("replaces another id with the author's, keeping the line's comment", () => {
    const wrong = OWN_ENTRY.replace("    id: 5000\n", "    id: 6000  # mine\n");
    const filled = fillMemberEntry(withEntry(wrong), NEW, "2026-12-01", 365) as string;
    expect(filled).toContain("    id: 5000  # mine\n    joined: 2026-12-01\n");
    expect(parseRosterYaml(filled, "MEMBERS.yml").members.map((m) => m.id)).toEqual([1001, 1002, 5000]);
  });

  it("gives up on a layout it cannot edit safely, or an ambiguous entry", () => {
    expect(fillMemberEntry("members: [{login: newcomer, id: 5000}]\n", NEW, "2026-12-01", 365)).toBeNull();
    const twice = withEntry(`${OWN_ENTRY.replace("    id: 5000\n", "")}${OWN_ENTRY.replace("    id: 5000\n", "")}`);
    expect(fillMemberEntry(twice, NEW, "2026-12-01", 365)).toBeNull();
  });
});

describe("a membership request changes exactly the roster", () => {
  it("refuses a request that changes other files too, by count and without their names", () => {
    const result = check({ otherFiles: 2 });
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.problems.map((p) => p.problem)).toContainEqual(expect.stringContaining("changes 2 files besides"));
  });

  it("counts every other file, a renamed roster, and a capped list", () => {
    expect(otherFilesThan([{ filename: "MEMBERS.yml" }], "MEMBERS.yml", false)).toBe(0);
    expect(otherFilesThan([{ filename: "MEMBERS.yml" }, { filename: ".github/secwg.yml" }], "MEMBERS.yml", false)).toBe(1);
    expect(otherFilesThan([{ filename: "people.yml" }], "MEMBERS.yml", false)).toBe(1);
    expect(otherFilesThan([{ filename: "MEMBERS.yml" }], "MEMBERS.yml", true)).toBe(1);
  });
});
