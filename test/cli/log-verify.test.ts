import { jest } from "@jest/globals";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chainEntry, renderRecord, type LogRecord } from "../../src/core/reports/report-log.js";
import { run } from "../../src/cli/log-verify.js";

const GHSA = "GHSA-8r4v-5x2w-9q7c";

function exportComments(records: LogRecord[], slurp = false): string {
  const comments = records.map((r, i) => ({ id: i + 1, body: `**Log #${r.seq}**\n${renderRecord(r)}`, user: { login: "secwg[bot]", type: "Bot" } }));
  const file = join(mkdtempSync(join(tmpdir(), "secwg-log-")), "comments.json");
  writeFileSync(file, JSON.stringify(slurp ? [comments.slice(0, 1), comments.slice(1)] : comments));
  return file;
}

function chain(key: string): LogRecord[] {
  const out: LogRecord[] = [];
  for (const [i, event] of (["reported", "acknowledged", "triaged"] as const).entries()) {
    out.push(chainEntry({ ghsa: GHSA, event, actor: { id: 1001, login: "alice" }, at: `2026-11-2${i}T00:00:00.000Z`, key: `k${i}`, data: event === "triaged" ? { outcome: "valid" } : {} }, out.at(-1) ?? null, key));
  }
  return out;
}

describe("secwg log verify", () => {
  let output: string[];
  beforeEach(() => {
    output = [];
    jest.spyOn(console, "log").mockImplementation((line: string) => void output.push(line));
    jest.spyOn(console, "error").mockImplementation((line: string) => void output.push(line));
  });
  afterEach(() => jest.restoreAllMocks());

  it("accepts an intact log, checking signatures with the key from the environment", async () => {
    process.env.SECWG_TEST_KEY = "k";
    expect(await run([exportComments(chain("k"), true), "--key-env", "SECWG_TEST_KEY"])).toBe(0);
    expect(output.join("\n")).toContain("3 entries");
    expect(output.join("\n")).toContain("intact");
  });

  it("exits 1 and names the entry when the log was edited", async () => {
    const records = chain("k");
    records[1] = { ...records[1]!, at: "2026-11-30T00:00:00.000Z" };
    process.env.SECWG_TEST_KEY = "k";
    expect(await run([exportComments(records), "--key-env", "SECWG_TEST_KEY"])).toBe(1);
    expect(output.join("\n")).toContain("entry 1: content was changed after it was written");
  });

  it("exits 1 when the signatures do not match the app's key", async () => {
    process.env.SECWG_TEST_KEY = "another";
    expect(await run([exportComments(chain("k")), "--key-env", "SECWG_TEST_KEY"])).toBe(1);
  });

  it("refuses to verify without a key (exit 2): an unsigned chain proves nothing", async () => {
    const saved = { WEBHOOK_SECRET: process.env.WEBHOOK_SECRET, SECWG_SIGNING_KEY: process.env.SECWG_SIGNING_KEY };
    delete process.env.WEBHOOK_SECRET;
    delete process.env.SECWG_SIGNING_KEY;
    try {
      expect(await run([exportComments(chain("k"))])).toBe(2);
      expect(output.join("\n")).toContain("WEBHOOK_SECRET");
      process.env.WEBHOOK_SECRET = "k";
      expect(await run([exportComments(chain("k"))])).toBe(0);
    } finally {
      for (const [name, value] of Object.entries(saved)) if (value === undefined) delete process.env[name]; else process.env[name] = value;
    }
  });

  it("exits 2 with the usage when no file is given", async () => {
    expect(await run([])).toBe(2);
    expect(output.join("\n")).toContain("secwg log verify");
  });
});
