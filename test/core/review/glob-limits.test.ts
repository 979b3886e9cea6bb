import picomatch from "picomatch";
import { validateConfig } from "../../../src/config/validate.js";
import { compileRules } from "../../../src/core/review/detect.js";
import { globProblem, MAX_GLOB_PATH_CHARS } from "../../../src/core/review/glob-limits.js";
import { ConfigError } from "../../../src/errors.js";

const problems = (review: unknown) => {
  try {
    validateConfig({ review }, ".github/secwg.yml");
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe("path globs from configuration", () => {
  it("refuses more than two `*` in one path segment and extglobs, naming the key", () => {
    expect(problems({ rules: [{ id: "slow", message: "m", paths: ["src/**", "**/*a*a*a*b"] }], paths: ["+(a|aa)/**"] })).toEqual([
      { path: "review.paths[0]", message: "extglob patterns like `+(a|b)` are not supported; list the alternatives as separate globs or use `{a,b}`, got a string" },
      {
        path: "review.rules[0].paths[1]",
        message: "expected at most 2 `*` in one path segment, found 4 in one segment (each one multiplies the work of matching a file name), got a string",
      },
    ]);
    expect(problems({ rules: [{ id: "x", message: "m", pattern: "x", exclude: ["docs/*.*.*.md"] }] })[0]?.path).toBe("review.rules[0].exclude[0]");
  });

  it("accepts the usual shapes of globs", () => {
    for (const glob of ["src/auth/**", "**/*.py", "**/*_test*.py", "**/migrations/*.py", "*.{js,ts}", "**/**/settings*.py", "a/*/b/*/c"]) expect(globProblem(glob)).toBeNull();
    expect(problems({ paths: ["src/auth/**"], rules: [{ id: "ok", message: "m", pattern: "x", paths: ["**/*_view*.py"], exclude: ["**/test_*.py"] }] })).toEqual([]);
  });

  it("the refused glob would have stalled on a long file name, and an accepted one stays fast on the longest name it sees", () => {
    // The reason for the limit: three stars already cost a third of a second on a 1,024-char name.
    const started = performance.now();
    picomatch.makeRe("**/*a*a*b", { dot: true }).test("a".repeat(MAX_GLOB_PATH_CHARS));
    expect(performance.now() - started).toBeGreaterThan(20);

    const rules = compileRules(validateConfig({ review: { rules: [{ id: "two-stars", message: "m", pattern: "x", paths: ["**/*a*b/**/*a*b"], exclude: ["*a*b"] }] } }, ".github/secwg.yml").review);
    const rule = rules.rules.find((r) => r.id === "two-stars");
    const names = ["a".repeat(MAX_GLOB_PATH_CHARS), `${"a".repeat(30)}/`.repeat(33).slice(0, MAX_GLOB_PATH_CHARS), `${"a/".repeat(MAX_GLOB_PATH_CHARS)}`];
    const t = performance.now();
    for (const name of names) rule?.inScope(name);
    expect(performance.now() - t).toBeLessThan(50);
  });

  it("treats a file name longer than the cap as in scope and never excluded, without matching it", () => {
    const config = validateConfig({ review: { rules: [{ id: "auth", message: "m", pattern: "x", paths: ["src/auth/**"], exclude: ["**/*.md"] }] } }, ".github/secwg.yml");
    const rule = compileRules(config.review).rules.find((r) => r.id === "auth");
    expect(rule?.inScope("src/auth/login.py")).toBe(true);
    expect(rule?.inScope("src/auth/README.md")).toBe(false);
    expect(rule?.inScope("docs/x.py")).toBe(false);
    const long = `src/auth/${"a".repeat(MAX_GLOB_PATH_CHARS)}.md`;
    expect(rule?.inScope(long)).toBe(true);
  });
});
