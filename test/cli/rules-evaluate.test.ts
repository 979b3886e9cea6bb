import { jest } from "@jest/globals";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../../src/cli/rules-evaluate.js";

const CORPUS = fileURLToPath(new URL("../../fixtures/corpus/small.jsonl", import.meta.url));
const SHARED_CORPUS = "/work/shared/data/django-security-corpus/django-2015-2023.jsonl";

async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  const error = jest.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  try {
    const code = await run(args);
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "secwg-rules-")), name);
  writeFileSync(path, text);
  return path;
}

describe("secwg rules evaluate", () => {
  it("reports recall, false-positive rate and precision on the diff only", async () => {
    const { code, out } = await capture(["--corpus", CORPUS]);
    expect(code).toBe(0);
    expect(out).toContain("recall:              66.7 % (2/3 security commits flagged) [95 % interval 20.8–93.9 %]");
    expect(out).toContain("false-positive rate: 0.0 % (0/3 ordinary commits flagged) [95 % interval 0.0–56.1 %]");
    expect(out).toContain("precision:           100.0 % [95 % interval 34.2–100.0 %]");
    expect(out).toMatch(/^time: \d+ ms since the process started \(cold\), of which \d+ ms compiling the rules and evaluating; \d+ ms of processor time$/m);
    expect(out).toMatch(/missed security commits \(1\):\n {2}333333333333 CVE-0000-0003/);
    // A docstring reworded in a sensitive module counts, but alone does not reach the threshold.
    expect(out).toMatch(/flagged ordinary commits \(0\):$/);
  });

  it("prints machine-readable results with per-rule matches split by label", async () => {
    const { code, out } = await capture(["--corpus", CORPUS, "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ security: 3, ordinary: 3, truePositives: 2, falsePositives: 0 });
    expect(report.intervals.recall.low).toBeCloseTo(0.208, 3);
    expect(report.intervals.recall.high).toBeCloseTo(0.939, 3);
    expect(report.rules).toEqual([
      { id: "huge-input-test", security: 1, ordinary: 0 },
      { id: "sensitive-area", security: 1, ordinary: 1 },
      { id: "suspicious-input-raised", security: 1, ordinary: 0 },
    ]);
    expect(report.missed.map((c: any) => c.sha.slice(0, 1))).toEqual(["3"]);
  });

  it("ignores release notes, so a commit that only adds them is not flagged even with its message read", async () => {
    const { out } = await capture(["--corpus", CORPUS, "--json", "--with-messages"]);
    const report = JSON.parse(out);
    // Reading messages finds the CVE id in a title: the reason the default is diff only.
    expect(report.truePositives).toBe(3);
    expect(report.flaggedOrdinary).toEqual([]);
  });

  it("uses the rules of the given configuration file", async () => {
    const config = tempFile(
      "secwg.yml",
      ["review:", "  defaultRules: false", "  rules:", "    - id: stylesheets", "      message: Styles changed.", "      paths: ['**/*.css']"].join("\n"),
    );
    const { code, out } = await capture(["--corpus", CORPUS, "--config", config, "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ truePositives: 1, falsePositives: 0, rules: [{ id: "stylesheets", security: 1, ordinary: 0 }] });
  });

  it("refuses a configuration with a pattern that needs backtracking, naming the key", async () => {
    const config = tempFile("secwg.yml", ["review:", "  rules:", "    - id: slow", "      message: m", "      pattern: '(a+)\\1'"].join("\n"));
    const { code, err } = await capture(["--corpus", CORPUS, "--config", config]);
    expect(code).toBe(1);
    expect(err).toContain("review.rules[0].pattern: not a regular expression secwg can match in linear time (invalid escape sequence)");
  });

  it("names the line of a malformed corpus record", async () => {
    const corpus = tempFile("bad.jsonl", ['{"sha":"a","label":"security","files":[]}', "", '{"sha":"b","label":"security","files":[{"status":"added"}]}'].join("\n"));
    const { code, err } = await capture(["--corpus", corpus]);
    expect(code).toBe(1);
    expect(err).toBe(`${corpus}: line 3: files[0].filename: expected the file name as a string`);
  });

  it("names the line that is not JSON", async () => {
    const corpus = tempFile("bad.jsonl", '{"sha":"a","label":"ordinary","files":[]}\n{"sha": "b",\n');
    const { code, err } = await capture(["--corpus", corpus]);
    expect(code).toBe(1);
    expect(err).toContain("line 2: not valid JSON");
  });

  it("keeps only the records of a period with --from/--to, and shows each rule's contribution with --ablation", async () => {
    const fix = (sha: string, date: string) =>
      JSON.stringify({
        sha,
        date,
        label: "security",
        files: [{ filename: "shop/views.py", patch: "@@ -1,1 +1,2 @@\n x = 1\n+    raise SuspiciousOperation('bad')" }],
      });
    const corpus = tempFile("dated.jsonl", [fix("a1", "2019-05-01T00:00:00Z"), fix("b2", "2021-02-01T00:00:00Z"), fix("c3", "2023-12-31T10:00:00Z")].join("\n"));
    const { code, out } = await capture(["--corpus", corpus, "--from", "2021", "--to", "2023", "--ablation", "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ security: 2, truePositives: 2 });
    expect(report.ablation).toEqual([{ id: "suspicious-input-raised", recallLost: 2, falsePositivesSaved: 0 }]);
    expect((await capture(["--corpus", corpus, "--to", "2020-13"])).code).toBe(2);
  });

  it("explains a missing --corpus", async () => {
    const { code, err } = await capture(["--json"]);
    expect(code).toBe(2);
    expect(err).toContain("required option '--corpus <file>' not specified");
  });

  const onShared = existsSync(SHARED_CORPUS) ? it : it.skip;
  // The goal is judged on fixes the rules were not tuned on: the years after the tuning years.
  onShared("meets the targets on the held-out years of the shared Django corpus (diff only)", async () => {
    const { out } = await capture(["--corpus", SHARED_CORPUS, "--from", "2021", "--json"]);
    const report = JSON.parse(out);
    expect(report.recall).toBeGreaterThanOrEqual(0.8);
    expect(report.falsePositiveRate).toBeLessThanOrEqual(0.1);
  });
});
