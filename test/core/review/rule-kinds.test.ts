import { ReviewConfig } from "../../../src/config/sections/review.js";
import { validateConfig } from "../../../src/config/validate.js";
import { compileRules, detect, evaluateRules, type ChangedFile, type ReviewInput } from "../../../src/core/review/detect.js";
import { ConfigError } from "../../../src/errors.js";

function file(filename: string, lines: string[]): ChangedFile {
  const body = lines.map((l) => (/^[+-]/.test(l) ? l : ` ${l}`));
  return { filename, status: "modified", additions: 1, deletions: 1, patch: ["@@ -1,9 +1,9 @@", ...body].join("\n") };
}
const pr = (...files: ChangedFile[]): ReviewInput => ({ title: "", body: "", labels: [], files, filesCapped: false });

/** Only custom rules, so each test sees one rule kind at work. */
function custom(rules: unknown[], extra: Record<string, unknown> = {}) {
  return compileRules(ReviewConfig.parse({ defaultRules: false, rules, ...extra }));
}
const ids = (input: ReviewInput, rules: ReturnType<typeof custom>) => detect(input, rules).fired.map((r) => r.id);

describe("rule kinds", () => {
  it("a removed-line rule fires when a guard is deleted and not when it is added", () => {
    const rules = custom([{ id: "escape-removed", message: "Escaping removed.", pattern: String.raw`\bescape\(`, lines: "removed" }]);
    expect(ids(pr(file("app/render.py", ["-    return escape(text)", "+    return text"])), rules)).toEqual(["escape-removed"]);
    expect(ids(pr(file("app/render.py", ["-    return text", "+    return escape(text)"])), rules)).toEqual([]);
  });

  it("a both-sides rule reports the old line number for removed lines and the new one for added lines", () => {
    const rules = custom([{ id: "regex", message: "Regex changed.", pattern: String.raw`re\.compile\(`, lines: "both" }]);
    const detection = detect(pr(file("app/parse.py", ["a = 1", "-R = re.compile(r'x+')", "b = 2", "+R = re.compile(r'x')"])), rules);
    expect(detection.fired[0]?.hits).toEqual([
      { file: "app/parse.py", line: 2, where: "removed" },
      { file: "app/parse.py", line: 3, where: "added" },
    ]);
  });

  it("a combined rule needs both the path and the line pattern", () => {
    const rules = custom([{ id: "limit-in-parser", message: "Limit changed in a parser.", paths: ["**/parsers/**"], pattern: "MAX_SIZE" }]);
    expect(ids(pr(file("app/parsers/json.py", ["+MAX_SIZE = 10"])), rules)).toEqual(["limit-in-parser"]);
    expect(ids(pr(file("app/views.py", ["+MAX_SIZE = 10"])), rules)).toEqual([]);
    expect(ids(pr(file("app/parsers/json.py", ["+SIZE = 10"])), rules)).toEqual([]);
  });

  it("a test-file rule looks only at tests", () => {
    const rules = custom([{ id: "huge", message: "Huge input test.", paths: ["**/tests/**"], pattern: String.raw`\*\s*\d{5,}` }]);
    expect(ids(pr(file("app/tests/test_parse.py", ["+    parse('a' * 100000)"])), rules)).toEqual(["huge"]);
    expect(ids(pr(file("app/parse.py", ["+    buf = 'a' * 100000"])), rules)).toEqual([]);
  });

  it("an exclude glob takes files out of a rule's scope", () => {
    const rules = custom([{ id: "auth", message: "Auth changed.", paths: ["**/auth/**"], exclude: ["**/locale/**"] }]);
    expect(ids(pr(file("app/auth/locale/fr/django.po", ["+msgstr \"x\""])), rules)).toEqual([]);
  });

  it("an unless pattern vetoes a line that is safe", () => {
    const rules = custom([{ id: "yaml", message: "Unsafe YAML.", pattern: String.raw`yaml\.load\(`, unless: "SafeLoader" }]);
    expect(ids(pr(file("app/conf.py", ["+yaml.load(s, Loader=SafeLoader)"])), rules)).toEqual([]);
    expect(ids(pr(file("app/conf.py", ["+yaml.load(s)"])), rules)).toEqual(["yaml"]);
  });

  it("ignoreCase makes a pattern case-insensitive", () => {
    const rules = custom([{ id: "token", message: "Token handling.", pattern: "secret_token", ignoreCase: true }]);
    expect(ids(pr(file("app/a.py", ["+SECRET_TOKEN = env()"])), rules)).toEqual(["token"]);
  });

  describe("weights and threshold", () => {
    const weak = [
      { id: "area", message: "Touches the request layer.", paths: ["**/http/**"], weight: 0.5 },
      { id: "guard", message: "Adds a length check.", pattern: String.raw`len\(`, weight: 0.5 },
    ];

    it("one weak signal alone does not ask for review, and is still reported by the evaluation", () => {
      const rules = custom(weak);
      const input = pr(file("app/http/request.py", ["+x = 1"]));
      expect(detect(input, rules)).toEqual({ needsReview: false, fired: [] });
      expect(evaluateRules(input, rules)).toMatchObject({ score: 0.5, threshold: 1, matched: [{ id: "area" }] });
    });

    it("two weak signals together reach the threshold and both explain the decision", () => {
      const detection = detect(pr(file("app/http/request.py", ["+if len(value) > 100: raise ValueError"])), custom(weak));
      expect(detection.needsReview).toBe(true);
      expect(detection.fired.map((r) => r.message)).toEqual(["Touches the request layer.", "Adds a length check."]);
    });

    it("counts a rule once however many lines it matches", () => {
      const detection = evaluateRules(pr(file("app/views.py", ["+len(a)", "+len(b)", "+len(c)"])), custom(weak));
      expect(detection.score).toBe(0.5);
      expect(detection.matched[0]?.hits).toHaveLength(3);
    });

    it("a lower threshold lets one weak signal through", () => {
      expect(detect(pr(file("app/views.py", ["+len(a)"])), custom(weak, { threshold: 0.5 })).needsReview).toBe(true);
    });

    it("a capped file list needs review whatever the threshold", () => {
      const input = { ...pr(), filesCapped: true };
      expect(detect(input, custom([], { threshold: 100 })).needsReview).toBe(true);
    });
  });
});

describe("review.rules configuration", () => {
  const problems = (review: unknown) => {
    try {
      validateConfig({ review }, ".github/secwg.yml");
    } catch (error) {
      return (error as ConfigError).problems;
    }
    return [];
  };

  it("rejects a pattern the linear-time engine cannot match at validation time, naming the key", () => {
    expect(problems({ rules: [{ id: "ok", message: "m", pattern: "(a+)+$" }, { id: "x", message: "m", pattern: "a(?=b)" }] })).toEqual([
      {
        path: "review.rules[1].pattern",
        message: "not a regular expression secwg can match in linear time (invalid or unsupported Perl syntax); lookaheads and backreferences are not supported, got a string",
      },
    ]);
  });

  it("rejects a rule that looks at nothing", () => {
    expect(problems({ rules: [{ id: "empty", message: "m" }] })).toEqual([
      { path: "review.rules[0]", message: expect.stringContaining("a rule needs at least one of `pattern`, `paths` or `keywords`") },
    ]);
  });

  it("rejects an unknown side and a bad weight with what was expected", () => {
    expect(problems({ rules: [{ id: "r", message: "m", pattern: "x", lines: "header", weight: "high" }] })).toEqual([
      { path: "review.rules[0].weight", message: 'expected a number between 0 and 10, got a string' },
      { path: "review.rules[0].lines", message: 'expected `added`, `removed`, `both` or `context`, got a string' },
    ]);
  });
});
