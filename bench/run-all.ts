/**
 * `npm run bench`: runs every bench/*.bench.ts (one process each, with tsx and --expose-gc), shows
 * their output, and ends with one table of the rows they reported (`BENCH {json}` lines).
 */
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import type { BenchRow } from "./harness.js";

const dir = fileURLToPath(new URL(".", import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).sort();
const rows: BenchRow[] = [];

function runOne(file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", `${dir}${file}`], { stdio: ["ignore", "pipe", "inherit"] });
    const timer = setTimeout(() => child.kill("SIGTERM"), 15 * 60_000);
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        if (line.startsWith("BENCH ")) rows.push(JSON.parse(line.slice("BENCH ".length)) as BenchRow);
        else console.log(`  ${line}`);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}

const started = Date.now();
for (const file of files) {
  console.log(`\n## ${file}`);
  const code = await runOne(file);
  if (code !== 0) rows.push({ bench: file, metric: "exit status", value: String(code) });
}

const cell = (s: string | undefined) => (s ?? "").replace(/\|/g, "\\|");
console.log(`\n# Results (node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
console.log("| bench | metric | value | goal | note |\n|---|---|---|---|---|");
for (const r of rows) console.log(`| ${cell(r.bench)} | ${cell(r.metric)} | ${cell(r.value)} | ${cell(r.goal)} | ${cell(r.note)} |`);
