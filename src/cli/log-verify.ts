import { readFileSync } from "node:fs";
import { requireSigningKey } from "../app/secrets.js";
import { runCommand, type CliCommandSpec } from "./command.js";
import { collectRecords, verifyLog, type LogComment } from "../core/reports/report-log.js";

export const spec: CliCommandSpec = {
  path: ["log", "verify"],
  summary: "check a report log's hash chain and signatures from an export of its comments",
  description: [
    "Verifies a report's log from an export of its tracker issue's comments, e.g.\n\n  gh api --paginate --slurp repos/ORG/TRACKER/issues/N/comments > comments.json\n\nChecks the hash chain and every signature,",
    "with the key in the environment variable named by --key-env, else the app's own (SECWG_SIGNING_KEY, else WEBHOOK_SECRET):",
    "a chain anyone can rebuild proves nothing without its signatures, so there is no unsigned mode.",
    "Exit 0 when intact, 1 when tampered with, 2 on bad usage or no key.",
  ].join(" "),
  configure: (command) =>
    command
      .argument("<comments.json>", "the issue comments as GitHub's REST API lists them")
      .option("--ghsa <id>", "the report to verify, when the comments hold several logs")
      .option("--key-env <name>", "environment variable holding the app's signing key (WEBHOOK_SECRET)"),
  execute: ([file], options) => verify(file as string, options.ghsa as string | undefined, options.keyEnv as string | undefined),
};

export function run(args: string[]): Promise<number> {
  return runCommand(spec, args);
}

async function verify(file: string, ghsa: string | undefined, keyEnv: string | undefined): Promise<number> {
  let comments: LogComment[];
  try {
    comments = toComments(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    console.error(`${file}: not a JSON list of issue comments (${error instanceof Error ? error.message : String(error)})`);
    return 2;
  }
  let key: string;
  try {
    key = keyEnv ? requireSigningKey({ SECWG_SIGNING_KEY: process.env[keyEnv] ?? "" }) : requireSigningKey();
  } catch (error) {
    console.error(keyEnv ? `${keyEnv} is not set or not usable; cannot check signatures` : (error as Error).message);
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
  console.log(`${file}: ${result.entries} entries of ${records[0]?.ghsa}, head ${result.head?.slice(0, 12)}, signatures checked`);
  if (result.ok) {
    console.log("intact");
    return 0;
  }
  for (const p of result.problems) console.log(`  - entry ${p.seq}: ${p.message}`);
  console.log("TAMPERED");
  return 1;
}

/** Accepts the REST list (`[...]`) or `gh --paginate --slurp` pages (`[[...], [...]]`). */
export function toComments(value: unknown): LogComment[] {
  if (!Array.isArray(value)) throw new Error("expected a JSON array");
  const flat = value.flatMap((v: unknown) => (Array.isArray(v) ? v : [v])) as Array<{ id?: unknown; body?: unknown; user?: { type?: unknown } | null }>;
  return flat.map((c) => ({
    id: typeof c.id === "number" ? c.id : 0,
    body: typeof c.body === "string" ? c.body : "",
    userType: typeof c.user?.type === "string" ? c.user.type : "User",
  }));
}
