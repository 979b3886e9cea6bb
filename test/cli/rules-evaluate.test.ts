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
    expect(out).toContain("recall:              66.7 % (2/3 security commits flagged)");
    expect(out).toContain("false-positive rate: 33.3 % (1/3 ordinary commits flagged)");
    expect(out).toContain("precision:           66.7 %");
    expect(out).toMatch(/missed security commits \(1\):\n {2}333333333333 CVE-0000-0003/);
    expect(out).toMatch(/flagged ordinary commits \(1\):\n {2}555555555555 Reworded a docstring \[score 1: sensitive-area\]/);
  });

  it("prints machine-readable results with per-rule matches split by label", async () => {
    const { code, out } = await capture(["--corpus", CORPUS, "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ security: 3, ordinary: 3, truePositives: 2, falsePositives: 1 });
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
    expect(report.flaggedOrdinary.map((c: any) => c.sha.slice(0, 1))).toEqual(["5"]);
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
    expect(err).toContain("review.rules[0].pattern: not a regular expression secwg can match in linear time (invalid escape sequence: `\\1`)");
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

  it("explains a missing --corpus", async () => {
    const { code, err } = await capture(["--json"]);
    expect(code).toBe(2);
    expect(err).toContain("--corpus FILE is required");
  });

  const onShared = existsSync(SHARED_CORPUS) ? it : it.skip;
  onShared("meets the targets on the shared Django corpus (diff only)", async () => {
    const { out } = await capture(["--corpus", SHARED_CORPUS, "--json"]);
    const report = JSON.parse(out);
    expect(report.recall).toBeGreaterThanOrEqual(0.8);
    expect(report.falsePositiveRate).toBeLessThanOrEqual(0.1);
  });
});
