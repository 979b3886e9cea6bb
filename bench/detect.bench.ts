/**
 * Security-review detector benchmark: `npx tsx bench/detect.bench.ts [corpus.jsonl]`.
 * 1. rule evaluation over a synthetic pull request of 3,000 files and 100,000 added lines;
 * 2. evaluation of a whole labelled corpus (the shared Django corpus by default) with its scores.
 */
import { existsSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { ReviewConfig } from "../src/config/sections/review.js";
import { evaluateCorpus, parseCorpus } from "../src/core/review/corpus-evaluation.js";
import { compileRules, detect, type ChangedFile } from "../src/core/review/detect.js";

const rules = compileRules(ReviewConfig.parse({}));

/** Deterministic, code-like lines; a few contain constructs the rules look for. */
function syntheticPullRequest(fileCount: number, addedLines: number): ChangedFile[] {
  const shapes = [
    "    value = compute(request.GET.get('q'), limit=10)",
    "    if not items:",
    "        return render(request, 'list.html', {'items': items})",
    "class Serializer(BaseSerializer):",
    "    # Keep the order stable for the template.",
    "    result.append(escape(item.name))",
    "    if len(value) > MAX_QUERY_LENGTH:",
  ];
  const dirs = ["app/views", "app/models", "app/utils", "app/http", "app/tests", "app/templates", "app/forms"];
  const perFile = Math.ceil(addedLines / fileCount);
  const files: ChangedFile[] = [];
  let written = 0;
  for (let i = 0; i < fileCount; i++) {
    const count = Math.min(perFile, addedLines - written);
    const lines = Array.from({ length: count }, (_, j) => `+${shapes[(i + j) % shapes.length]}`);
    written += count;
    const dir = dirs[i % dirs.length];
    files.push({
      filename: `${dir}/module_${i}.${dir === "app/templates" ? "html" : "py"}`,
      status: "modified",
      additions: count,
      deletions: 0,
      patch: [`@@ -1,0 +1,${count} @@`, ...lines].join("\n"),
    });
  }
  return files;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function time(run: () => void, repeat: number): number {
  run(); // warm-up: compile regexes and glob matchers
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "unknown"}), single-threaded`);

const files = syntheticPullRequest(3_000, 100_000);
const input = { title: "", body: "", labels: [], files, filesCapped: false };
const detection = detect(input, rules);
const prMs = time(() => detect(input, rules), 7);
console.log(`synthetic PR (3,000 files, 100,000 added lines, ${rules.rules.length} rules): median ${prMs.toFixed(0)} ms; needs review: ${detection.needsReview} (${detection.fired.map((r) => r.id).join(", ")})`);

const corpusPath = process.argv[2] ?? "../shared/data/django-security-corpus/django-2015-2023.jsonl";
if (!existsSync(corpusPath)) {
  console.log(`corpus ${corpusPath} not found: skipped`);
} else {
  const text = readFileSync(corpusPath, "utf8");
  const records = parseCorpus(text);
  const report = evaluateCorpus(records, rules);
  const corpusMs = time(() => evaluateCorpus(parseCorpus(text), rules), 5);
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  console.log(`corpus ${corpusPath}: ${records.length} commits, evaluated (parse + rules) in median ${corpusMs.toFixed(0)} ms`);
  console.log(
    `recall ${pct(report.recall)} (${report.truePositives}/${report.security}), FPR ${pct(report.falsePositiveRate)} (${report.falsePositives}/${report.ordinary}), precision ${pct(report.precision)}`,
  );
  console.log("| rule | security | ordinary |\n|---|---:|---:|");
  for (const r of report.rules) console.log(`| \`${r.id}\` | ${r.security} | ${r.ordinary} |`);
  console.log("missed:");
  for (const c of report.missed) console.log(`  ${c.cve.join(",")} ${c.title.slice(0, 80)} [score ${c.score}${c.rules.length ? `: ${c.rules.join(", ")}` : ""}]`);
}
