import { MAX_YAML_CHARS, MAX_YAML_DEPTH, parseConfigYaml } from "../../src/config/validate.js";
import { checkMembershipRequest } from "../../src/core/membership/membership-request.js";
import { parseRosterYaml } from "../../src/core/roster.js";
import { ConfigError, RosterError } from "../../src/errors.js";
import { BASE_ROSTER, filledBody, NEWCOMER } from "../core/membership/builders.js";

/** 1.4 KB: nine levels of ten aliases stand for 10¹⁰ strings. */
function bomb(prefix: string): string {
  const lines = [prefix, `    a0: &a0 [${Array(10).fill('"xxxxxxxx"').join(", ")}]`];
  for (let i = 1; i <= 9; i++) lines.push(`    a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(",")}]`);
  lines.push("    roles: [*a9]", "");
  return lines.join("\n");
}

function rejectedQuickly(run: () => unknown): unknown {
  const heap = process.memoryUsage().heapUsed;
  const started = performance.now();
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(performance.now() - started).toBeLessThan(50);
  expect(process.memoryUsage().heapUsed - heap).toBeLessThan(16 * 1024 * 1024);
  return thrown;
}

describe("YAML from users: no anchors or aliases, bounded size and depth", () => {
  const roster = bomb(`${BASE_ROSTER.trimEnd()}\n  - login: newcomer\n    id: 5000`);

  it("refuses a 1.4 KB alias bomb in the roster within milliseconds, naming the first anchor", () => {
    expect(roster.length - BASE_ROSTER.length).toBeLessThan(1_400);
    const error = rejectedQuickly(() => parseRosterYaml(roster, "o/g:MEMBERS.yml"));
    expect(error).toBeInstanceOf(RosterError);
    expect((error as RosterError).problems).toEqual([
      { path: "", message: expect.stringMatching(/^not accepted: YAML anchors and aliases are not allowed \(`&a0` at line \d+\); write each value out in full$/) },
    ]);
  });

  it("turns the bomb in a membership request into a problem with a fix, not a long list of roles", () => {
    let result: ReturnType<typeof checkMembershipRequest> | undefined;
    rejectedQuickly(() => {
      result = checkMembershipRequest({ author: NEWCOMER, body: filledBody(), baseText: BASE_ROSTER, headText: roster, file: "MEMBERS.yml", openedOn: "2026-11-25", termDays: 365 });
    });
    expect(result).toEqual({
      kind: "invalid",
      problems: [{ problem: expect.stringContaining("`MEMBERS.yml` is not accepted: YAML anchors and aliases are not allowed (`&a0`"), fix: expect.stringContaining("without anchors") }],
    });
  });

  it("refuses the bomb, and any single alias, in .github/secwg.yml", () => {
    const error = rejectedQuickly(() => parseConfigYaml(bomb("review:\n  rules:\n  - id: x"), "o/r:.github/secwg.yml"));
    expect(error).toBeInstanceOf(ConfigError);
    expect(() => parseConfigYaml("review:\n  label: &l sec\n  keywords: [*l]\n", "f")).toThrow(/anchors and aliases are not allowed \(`&l` at line 2\)/);
  });

  it("refuses documents too large or nested too deeply before building them", () => {
    expect(() => parseConfigYaml(`# ${"x".repeat(MAX_YAML_CHARS)}\n`, "f")).toThrow(ConfigError);
    const deep = `${"[".repeat(MAX_YAML_DEPTH + 1)}${"]".repeat(MAX_YAML_DEPTH + 1)}`;
    try {
      parseConfigYaml(`review: ${deep}`, "f");
      throw new Error("accepted");
    } catch (error) {
      expect((error as ConfigError).problems[0]?.message).toMatch(new RegExp(`^nested more than ${MAX_YAML_DEPTH} levels deep`));
    }
    expect(() => parseConfigYaml("a: [".repeat(10_000), "f")).toThrow(ConfigError);
  });
});
