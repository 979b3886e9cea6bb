import { readFileSync } from "node:fs";
import { collectRecords, verifyLog, type LogComment } from "../core/reports/report-log.js";

export const usage = "secwg log verify COMMENTS.json [--ghsa GHSA-…] [--key-env WEBHOOK_SECRET]";

/**
 * Verifies a report's log from an export of its tracker issue's comments, e.g.
 * `gh api --paginate --slurp repos/ORG/security-tracker/issues/12/comments > comments.json`.
 * Checks the hash chain always, and the signatures when the app's signing key is in the named
 * environment variable. Exit 0 when intact, 1 when tampered with, 2 on bad usage.
 */
export async function run(args: string[]): Promise<number> {
  const file = args.find((a, i) => !a.startsWith("--") && !["--ghsa", "--key-env"].includes(args[i - 1] ?? ""));
  const ghsa = valueOf(args, "--ghsa");
  const keyEnv = valueOf(args, "--key-env");
  if (!file) {
    console.error(`usage: ${usage}`);
    return 2;
  }
  let comments: LogComment[];
  try {
    comments = toComments(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    console.error(`${file}: not a JSON list of issue comments (${error instanceof Error ? error.message : String(error)})`);
    return 2;
  }
  const key = keyEnv ? process.env[keyEnv] : undefined;
  if (keyEnv && !key) {
    console.error(`${keyEnv} is not set; cannot check signatures`);
    return 2;
  }
  const records = collectRecords(comments, ghsa);
  const ghsas = new Set(records.map((r) => r.ghsa));
  if (!ghsa && ghsas.size > 1) {
    console.error(`the comments hold the logs of ${[...ghsas].join(", ")}; choose one with --ghsa`);
    return 2;
  }
  const result = verifyLog(records, key);
  if (records.length === 0) {
    console.log(`${file}: no log entries found`);
    return 1;
  }
  console.log(`${file}: ${result.entries} entries of ${records[0]?.ghsa}, head ${result.head?.slice(0, 12)}, ${key ? "signatures checked" : "signatures NOT checked (no --key-env)"}`);
  if (result.ok) {
    console.log("intact");
    return 0;
  }
  for (const p of result.problems) console.log(`  - entry ${p.seq}: ${p.message}`);
  console.log("TAMPERED");
  return 1;
}

function valueOf(args: string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}

/** Accepts the REST list (`[...]`) or `gh --paginate --slurp` pages (`[[...], [...]]`). */
function toComments(value: unknown): LogComment[] {
  if (!Array.isArray(value)) throw new Error("expected a JSON array");
  const flat = value.flatMap((v: unknown) => (Array.isArray(v) ? v : [v])) as Array<{ id?: unknown; body?: unknown; user?: { type?: unknown } | null }>;
  return flat.map((c) => ({
    id: typeof c.id === "number" ? c.id : 0,
    body: typeof c.body === "string" ? c.body : "",
    userType: typeof c.user?.type === "string" ? c.user.type : "User",
  }));
}
