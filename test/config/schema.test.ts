import { readdirSync, readFileSync } from "node:fs";
import { ConfigError } from "../../src/errors.js";
import { defaultConfig } from "../../src/config/schema.js";
import { parseConfigYaml } from "../../src/config/validate.js";

const dir = (kind: string) => new URL(`../../fixtures/config/${kind}/`, import.meta.url);

function problemsOf(text: string): string[] {
  try {
    parseConfigYaml(text, ".github/secwg.yml");
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
    throw error;
  }
  return [];
}

describe("configuration schema", () => {
  it("gives every key a safe default so an empty file is valid", () => {
    expect(defaultConfig()).toEqual(expect.objectContaining({
      group: { repo: "security-wg", roster: "MEMBERS.yml", tracker: "security-tracker", teams: [] },
      review: expect.objectContaining({
        enabled: true,
        label: "security-review",
        defaultRules: true,
        paths: [],
        keywords: [],
        reviewers: { count: 1, team: null },
      }),
    }));
  });

  it.each(readdirSync(dir("valid")))("accepts fixtures/config/valid/%s", (name) => {
    expect(problemsOf(readFileSync(new URL(name, dir("valid")), "utf8"))).toEqual([]);
  });

  it.each(readdirSync(dir("invalid")))("rejects fixtures/config/invalid/%s with the expected message", (name) => {
    const text = readFileSync(new URL(name, dir("invalid")), "utf8");
    const expected = /^# expect: (.*)$/m.exec(text)?.[1];
    expect(expected).toBeDefined();
    expect(problemsOf(text).join("\n")).toContain(expected);
  });

  it("names the file, the key path, what was expected and what was found", () => {
    const error = (() => {
      try {
        parseConfigYaml("review:\n  reviewers:\n    count: three\n", "acme/webapp:.github/secwg.yml");
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      'acme/webapp:.github/secwg.yml is invalid: review.reviewers.count: expected a whole number between 1 and 5, got a string',
    );
    expect(error.toUserMessage()).toContain("`acme/webapp:.github/secwg.yml`");
  });

  it("reports every problem at once, not only the first", () => {
    expect(problemsOf("review:\n  label: ''\n  reviewers:\n    count: 0\ngroup:\n  teams: [1]\n")).toHaveLength(3);
  });

  it("rejects a document that is not a mapping", () => {
    expect(problemsOf("- just\n- a list\n")).toEqual(["expected a mapping of sections such as `group:` and `review:`, got a list"]);
  });
});
