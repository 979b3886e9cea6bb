import { dayIn, plusDays, startOfDayIn } from "../../../src/core/governance/calendar.js";
import { liaisonActions, liaisonWarningKey } from "../../../src/core/governance/liaison.js";
import {
  checkRenew,
  lapseDay,
  noticeDay,
  renewedTermEnds,
  termActions,
  termEndsFor,
  termKey,
  type TermsState,
} from "../../../src/core/governance/terms.js";
import { Member, parseRosterYaml } from "../../../src/core/roster.js";
import { checkPolicyFiles } from "../../../src/core/config-change.js";
import { RosterError } from "../../../src/errors.js";

const rules = { length: 365, renewalNoticeDays: 30, reminderDays: 7, graceDays: 7 };
const member = (id: number, extra: Partial<Member> = {}): Member => Member.parse({ id, login: `m${id}`, ...extra });
const state = (over: Partial<TermsState> = {}): TermsState => ({ notices: new Map(), lapseProposals: new Set(), renewing: new Set(), ...over });

describe("term dates", () => {
  it.each([
    ["2026-01-15", "2027-01-15"],
    ["2027-02-28", "2028-02-28"],
    ["2028-02-28", "2029-02-27"], // spans 2028-02-29: 365 days end a day before the anniversary
    ["2028-02-29", "2029-02-28"],
    ["2027-03-01", "2028-02-29"], // lands on the leap day
    ["2026-12-31", "2027-12-31"],
  ])("a 365-day term from %s ends on %s", (joined, ends) => {
    expect(termEndsFor(joined, rules)).toBe(ends);
  });

  it("a 366-day term keeps the anniversary across a leap day", () => {
    expect(termEndsFor("2028-02-28", { length: 366 })).toBe("2029-02-28");
  });

  it("/renew extends from the old term_ends, not from today", () => {
    expect(renewedTermEnds("2027-01-15", rules)).toBe("2028-01-15");
    expect(renewedTermEnds("2028-02-29", rules)).toBe("2029-02-28");
    const m = member(1, { term_ends: "2027-01-15" });
    expect(checkRenew(m, "2026-12-20", rules)).toEqual({ ok: true, termEnds: "2027-01-15", newTermEnds: "2028-01-15" });
    expect(checkRenew(m, "2027-01-20", rules)).toEqual({ ok: true, termEnds: "2027-01-15", newTermEnds: "2028-01-15" });
  });

  it("refuses /renew before the notice day, after the grace, and without a term, saying when", () => {
    const m = member(1, { term_ends: "2027-01-15" });
    expect(noticeDay("2027-01-15", rules)).toBe("2026-12-16");
    expect(lapseDay("2027-01-15", rules)).toBe("2027-01-22");
    expect(checkRenew(m, "2026-12-15", rules)).toEqual({ ok: false, reason: "too-early", message: "your term ends on 2027-01-15; renewal opens on 2026-12-16 (1 days from now)." });
    expect(checkRenew(m, "2026-12-16", rules)).toMatchObject({ ok: true });
    expect(checkRenew(m, "2027-01-21", rules)).toMatchObject({ ok: true });
    expect(checkRenew(m, "2027-01-22", rules)).toMatchObject({ ok: false, reason: "too-late" });
    expect(checkRenew(member(2), "2027-01-01", rules)).toMatchObject({ ok: false, reason: "no-term" });
  });

  it("today is the calendar day in the group's time zone", () => {
    const instant = new Date("2026-12-15T23:30:00Z");
    expect(dayIn(instant, "UTC")).toBe("2026-12-15");
    expect(dayIn(instant, "Europe/Amsterdam")).toBe("2026-12-16");
    expect(dayIn(instant, "America/Los_Angeles")).toBe("2026-12-15");
    expect(dayIn(new Date("2026-12-16T07:00:00Z"), "Pacific/Kiritimati")).toBe("2026-12-16");
    // the notice for a term ending 2027-01-15 is due on 2026-12-16: at this instant in Amsterdam, not yet in UTC
    const m = [member(1, { term_ends: "2027-01-15" })];
    expect(termActions(m, dayIn(instant, "Europe/Amsterdam"), rules).map((a) => a.kind)).toEqual(["notify"]);
    expect(termActions(m, dayIn(instant, "UTC"), rules)).toEqual([]);
  });

  it("calendar arithmetic does not move across daylight-saving changes", () => {
    expect(plusDays("2026-03-28", 1)).toBe("2026-03-29");
    expect(plusDays("2026-03-29", 1)).toBe("2026-03-30");
    expect(plusDays("2026-10-25", -1)).toBe("2026-10-24");
    expect(startOfDayIn("2026-03-29", "Europe/Amsterdam").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfDayIn("2026-03-30", "Europe/Amsterdam").toISOString()).toBe("2026-03-29T22:00:00.000Z");
  });
});

describe("the sweep's term actions", () => {
  const ends = "2027-01-15";
  const key = termKey(1, ends);
  const roster = [member(1, { term_ends: ends }), member(2), member(3, { term_ends: "2027-06-01" })];
  const kinds = (today: string, s: TermsState = state()) => termActions(roster, today, rules, s).map((a) => `${a.kind} ${a.memberId} ${a.due}`);

  it.each<[string, string, TermsState, string[]]>([
    ["before the notice day", "2026-12-15", state(), []],
    ["on the notice day", "2026-12-16", state(), ["notify 1 2026-12-16"]],
    ["notice already sent", "2026-12-20", state({ notices: new Map([[key, { lastSent: "2026-12-16" }]]) }), []],
    ["a week after the notice", "2026-12-23", state({ notices: new Map([[key, { lastSent: "2026-12-16" }]]) }), ["remind 1 2026-12-23"]],
    ["a reminder sent two days ago", "2026-12-25", state({ notices: new Map([[key, { lastSent: "2026-12-23" }]]) }), []],
    ["on term_ends", ends, state({ notices: new Map([[key, { lastSent: "2027-01-13" }]]) }), ["propose-lapse 1 2027-01-15"]],
    ["during the grace, proposed", "2027-01-20", state({ notices: new Map([[key, { lastSent: "2027-01-13" }]]), lapseProposals: new Set([key]) }), ["remind 1 2027-01-20"]],
    ["at the grace's end", "2027-01-22", state({ notices: new Map([[key, { lastSent: "2027-01-20" }]]), lapseProposals: new Set([key]) }), ["merge-lapse 1 2027-01-22"]],
    ["a renewal pull request is open", "2027-01-22", state({ notices: new Map([[key, { lastSent: "2027-01-20" }]]), lapseProposals: new Set([key]), renewing: new Set([1]) }), []],
    ["the term ended with no notice ever sent", "2027-01-16", state(), ["notify 1 2026-12-16", "propose-lapse 1 2027-01-15"]],
  ])("%s (%s)", (_name, today, s, expected) => {
    expect(kinds(today, s)).toEqual(expected);
  });

  it("a renewed term gets a fresh notice next time and the old lapse proposal is withdrawn", () => {
    const renewed = [member(1, { term_ends: "2028-01-15" })];
    const s = state({ notices: new Map([[key, { lastSent: "2027-01-13" }]]), lapseProposals: new Set([key]) });
    expect(termActions(renewed, "2027-01-18", rules, s)).toEqual([{ kind: "withdraw-lapse", memberId: 1, termEnds: ends, due: "2027-01-18" }]);
    expect(termActions(renewed, "2027-12-16", rules, state()).map((a) => a.kind)).toEqual(["notify"]);
  });

  it("planning twice with the first plan applied proposes nothing new", () => {
    const first = termActions(roster, "2026-12-16", rules);
    const applied = state({ notices: new Map(first.filter((a) => a.kind === "notify").map((a) => [termKey(a.memberId, a.termEnds), { lastSent: "2026-12-16" }])) });
    expect(termActions(roster, "2026-12-16", rules, applied)).toEqual([]);
  });

  it("with no grace the lapse is proposed on term_ends and merged on the next sweep", () => {
    const noGrace = { ...rules, graceDays: 0 };
    expect(termActions(roster, ends, noGrace, state({ notices: new Map([[key, { lastSent: "2027-01-10" }]]) })).map((a) => a.kind)).toEqual(["propose-lapse"]);
    expect(termActions(roster, ends, noGrace, state({ notices: new Map([[key, { lastSent: "2027-01-10" }]]), lapseProposals: new Set([key]) })).map((a) => a.kind)).toEqual(["merge-lapse"]);
  });
});

describe("the Board Liaison's board term", () => {
  const liaison = (extra: Partial<Member> = {}) => member(3, { roles: ["board-liaison"], ...extra });

  it("warns the signers 30 days before it lapses, once per liaison and board term", () => {
    const roster = [liaison({ board_term_ends: "2027-06-30" }), member(1, { roles: ["chair"] })];
    expect(liaisonActions(roster, "2027-05-30", new Set())).toEqual([]);
    expect(liaisonActions(roster, "2027-05-31", new Set())).toEqual([{ kind: "warn-liaison-lapsing", memberId: 3, boardTermEnds: "2027-06-30", due: "2027-05-31", key: "3:2027-06-30" }]);
    expect(liaisonActions(roster, "2027-06-10", new Set([liaisonWarningKey(3, "2027-06-30")]))).toEqual([]);
    // a new board term is a new warning
    expect(liaisonActions([liaison({ board_term_ends: "2029-06-30" })], "2029-06-01", new Set([liaisonWarningKey(3, "2027-06-30")]))).toHaveLength(1);
  });

  it("warns once when the board term is not recorded", () => {
    expect(liaisonActions([liaison()], "2027-01-01", new Set())).toEqual([{ kind: "warn-liaison-unrecorded", memberId: 3, key: "3:unrecorded" }]);
    expect(liaisonActions([liaison()], "2027-01-01", new Set(["3:unrecorded"]))).toEqual([]);
  });

  const yaml = (boardTermEnds?: string) =>
    [
      "members:",
      "  - login: alice",
      "    id: 1",
      "    roles: [chair]",
      "  - login: carol",
      "    id: 3",
      "    roles: [board-liaison]",
      ...(boardTermEnds ? [`    board_term_ends: ${boardTermEnds}`] : []),
    ].join("\n");

  it("the roster check on a day refuses a liaison whose board term has ended on or before it", () => {
    expect(() => parseRosterYaml(yaml("2027-06-30"), "MEMBERS.yml", { today: "2027-06-29" })).not.toThrow();
    const problems = (today: string, text = yaml("2027-06-30")) => {
      try {
        parseRosterYaml(text, "MEMBERS.yml", { today });
        return [];
      } catch (error) {
        if (!(error instanceof RosterError)) throw error;
        return error.problems;
      }
    };
    expect(problems("2027-06-30")).toEqual([
      { path: "members[1] (carol).board_term_ends", message: "the Board Liaison must be an active Board member; their Board term ended on 2027-06-30 (checked on 2027-06-30)" },
    ]);
    expect(problems("2027-01-01", yaml())).toEqual([{ path: "members[1] (carol).board_term_ends", message: "the Board Liaison's entry must record the day their Board term ends" }]);
  });

  it("reading the roster without a day never fails on dates (existing callers are unchanged)", () => {
    expect(() => parseRosterYaml(yaml("2020-01-01"), "MEMBERS.yml")).not.toThrow();
    expect(() => parseRosterYaml(yaml(), "MEMBERS.yml")).not.toThrow();
  });

  it("the policy-file check applies the dated rule when given the day", () => {
    const change = { kind: "roster" as const, path: "MEMBERS.yml", text: yaml("2027-06-30") };
    expect(checkPolicyFiles([change])[0]?.problems).toEqual([]);
    expect(checkPolicyFiles([change], { today: "2027-07-01" })[0]?.problems).toHaveLength(1);
  });
});
