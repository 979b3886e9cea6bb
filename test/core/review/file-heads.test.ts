import { ReviewConfig } from "../../../src/config/sections/review.js";
import { compileRules, detect, evaluateRules, type ChangedFile, type ReviewInput } from "../../../src/core/review/detect.js";
import { headsToRead, importLines, MAX_HEAD_BYTES, MAX_HEAD_READS } from "../../../src/core/review/file-heads.js";

/** A made-up shop with the Django-style preset: `shop/utils/**` is an exposed area. */
const rules = compileRules(ReviewConfig.parse({}));
const file = (filename: string, lines: string[], context = ""): ChangedFile => ({
  filename,
  status: "modified",
  additions: lines.length,
  deletions: 0,
  patch: [`@@ -10,2 +10,${lines.length + 2} @@${context ? ` ${context}` : ""}`, " x = 1", ...lines.map((l) => `+${l}`), " y = 2"].join("\n"),
});
const pr = (files: ChangedFile[], heads?: Map<string, string>): ReviewInput => ({ title: "", body: "", labels: [], files, filesCapped: false, ...(heads ? { heads } : {}) });
const REGEX = "    value = re.sub(r'[^a-z0-9-]', '', value)";

describe("headsToRead", () => {
  it("names a file with a content signal in an exposed area whose patch gives no role", () => {
    expect(headsToRead(pr([file("shop/utils/slugs.py", [REGEX])]), rules)).toEqual(["shop/utils/slugs.py"]);
  });

  it("names none when no rule about what the change does fired: location alone cannot reach review", () => {
    expect(headsToRead(pr([file("shop/utils/slugs.py", ["    value = value.strip()"])]), rules)).toEqual([]);
  });

  it("names none when the pull request already needs review, or when the read could not reach the threshold", () => {
    expect(headsToRead(pr([file("shop/utils/slugs.py", [REGEX, "    raise SuspiciousOperation('bad slug')"])]), rules)).toEqual([]);
    // A weak signal outside any area: 0.25 + an import's 0.25 stays under 1.
    expect(headsToRead(pr([file("shop/reports/totals.py", ["    raise ValueError('no rows')"])]), rules)).toEqual([]);
  });

  it("skips files whose patch already gives a role, removed files and tests", () => {
    const files = [
      file("shop/utils/slugs.py", [REGEX]),
      file("shop/utils/role.py", ["    n = 1"], "class SlugParser:"),
      { ...file("shop/utils/gone.py", ["    n = 1"]), status: "removed" },
      file("shop/utils/tests/test_slugs.py", ["    n = 1"]),
    ];
    // A threshold just above what the role adds, so that the pull request does not already need review.
    const higher = compileRules(ReviewConfig.parse({ threshold: 1.25 }));
    expect(headsToRead(pr(files), higher)).toEqual(["shop/utils/slugs.py"]);
  });

  it(`names at most ${MAX_HEAD_READS} files, in name order`, () => {
    const files = ["h", "g", "f", "e", "d", "c", "b", "a"].map((n) => file(`shop/utils/${n}.py`, [REGEX]));
    expect(headsToRead(pr(files), rules)).toEqual(["a", "b", "c", "d", "e"].map((n) => `shop/utils/${n}.py`));
  });

  it("names none when no rule reads heads (the built-in rules off)", () => {
    const custom = compileRules(ReviewConfig.parse({ defaultRules: false, rules: [{ id: "r", message: "m", checklist: [], pattern: "re\\.sub", weight: 0.5 }] }));
    expect(headsToRead(pr([file("shop/utils/slugs.py", [REGEX])]), custom)).toEqual([]);
  });
});

describe("import lines of a file's head", () => {
  it("feed the head-reading rules as supporting evidence, pointing at the import line", () => {
    const input = pr([file("shop/utils/slugs.py", [REGEX])], new Map([["shop/utils/slugs.py", '"""Slugs."""\nimport hmac\nfrom shop import models\n']]));
    const detection = detect(input, rules);
    expect(detection.needsReview).toBe(true);
    expect(detection.fired.find((r) => r.id === "security-import")?.hits).toEqual([{ file: "shop/utils/slugs.py", line: 2, where: "head" }]);
    // The same head without a content signal changes nothing: an import is location.
    const alone = pr([file("shop/utils/slugs.py", ["    n = 1"])], new Map([["shop/utils/slugs.py", "import hmac\n"]]));
    expect(detect(alone, rules).needsReview).toBe(false);
    expect(evaluateRules(alone, rules).score).toBe(0);
  });

  it("are read from the first 8 KiB only, and an ordinary import gives no role", () => {
    expect(importLines(`${"#\n".repeat(MAX_HEAD_BYTES)}import hmac\n`)).toEqual([]);
    const ordinary = pr([file("shop/utils/slugs.py", [REGEX])], new Map([["shop/utils/slugs.py", "import json\nfrom shop import models\n"]]));
    expect(detect(ordinary, rules).needsReview).toBe(false);
  });
});
