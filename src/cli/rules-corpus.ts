import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { corpusFiles, fixReferences, mentionsSecurity, seededSample, type CorpusLine } from "../core/review/corpus-building.js";
import { CorpusSource, type AdvisorySummary } from "../github/corpus-source.js";
import { ConditionalGetCache } from "../github/conditional-requests.js";
import { SecwgError } from "../errors.js";
import type { CliCommandSpec } from "./command.js";

export const usage =
  "secwg rules corpus --repo OWNER/REPO [--package ECOSYSTEM/NAME] [--ordinary N] [--pages N] [--seed N] [--cache FILE] [--out FILE]";

/**
 * Builds a labelled corpus for `secwg rules evaluate` from a repository's history on GitHub: the
 * fix commits and pull requests its published advisories name (`security`) and a seeded sample of
 * other merged pull requests that do not speak of security (`ordinary`). Reads with conditional
 * requests (ETags kept in `--cache` between runs) and shows its progress on stderr. The token is
 * read from `GITHUB_TOKEN` (or `GH_TOKEN`), the API address from `GITHUB_API_URL`.
 */
export const spec: CliCommandSpec = {
  path: ["rules", "corpus"],
  summary: "build a labelled corpus from a repository's advisories and merged pull requests",
  description: [
    "Builds a labelled corpus for `secwg rules evaluate` from a repository's history on GitHub: the",
    "fix commits and pull requests its published advisories name (security) and a seeded sample of",
    "other merged pull requests that do not speak of security (ordinary). Reads with conditional",
    "requests (ETags kept in --cache between runs) and shows its progress on stderr. The token is read",
    "from GITHUB_TOKEN (or GH_TOKEN), the API address from GITHUB_API_URL.",
  ].join(" "),
  configure: (command) =>
    command
      .requiredOption("--repo <owner/repo>", "the repository whose history to read")
      .option("--package <ecosystem/name>", "the package its advisories are filed under, e.g. pip/django")
      .option("--ordinary <n>", "how many ordinary pull requests to sample")
      .option("--pages <n>", "pages of merged pull requests to sample from (1 to 100)")
      .option("--seed <n>", "the sample's seed")
      .option("--cache <file>", "where to keep ETags between runs")
      .option("--out <file>", "write the corpus here instead of standard output"),
  // The options go back through this command's own parser, which validates every value.
  execute: (_operands, options) =>
    run(["repo", "package", "ordinary", "pages", "seed", "cache", "out"].flatMap((name) => (options[name] === undefined ? [] : [`--${name}`, String(options[name])]))),
};

export async function run(args: string[], io: CorpusIo = defaultIo()): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === "string") {
    io.error(`${options}\nusage: ${usage}`);
    return 2;
  }
  const cache = new ConditionalGetCache(512 * 1024 * 1024, 16 * 1024 * 1024);
  if (existsSync(options.cache)) {
    try {
      cache.load(JSON.parse(readFileSync(options.cache, "utf8")));
    } catch {
      io.error(`ignoring the unreadable cache ${options.cache}`);
    }
  }
  const source = new CorpusSource({ cache, ...(io.token ? { auth: io.token } : {}), ...(io.baseUrl ? { baseUrl: io.baseUrl } : {}), ...(io.request ? { request: io.request } : {}) });
  try {
    const lines = await build(source, options, io);
    const text = lines.map((l) => JSON.stringify(l)).join("\n") + (lines.length > 0 ? "\n" : "");
    if (options.out) writeFileSync(options.out, text);
    else io.write(text);
    const security = lines.filter((l) => l.label === "security").length;
    io.error(`${security} security and ${lines.length - security} ordinary changes${options.out ? ` written to ${options.out}` : ""}`);
    return 0;
  } catch (error) {
    if (error instanceof SecwgError) {
      io.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    writeFileSync(options.cache, JSON.stringify(cache.entries()));
  }
}

export interface CorpusIo {
  write(text: string): void;
  error(text: string): void;
  /** A progress line, redrawn in place on a terminal. */
  progress(text: string): void;
  token?: string;
  baseUrl?: string;
  request?: { fetch?: typeof fetch };
}

function defaultIo(): CorpusIo {
  const tty = process.stderr.isTTY === true;
  const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN;
  return {
    write: (text) => void process.stdout.write(text),
    error: (text) => void process.stderr.write(`${tty ? "\r\x1b[K" : ""}${text}\n`),
    progress: (text) => void process.stderr.write(tty ? `\r\x1b[K${text}` : `${text}\n`),
    ...(token ? { token } : {}),
    ...(process.env.GITHUB_API_URL ? { baseUrl: process.env.GITHUB_API_URL } : {}),
  };
}

interface Options {
  owner: string;
  repo: string;
  package?: { ecosystem: string; name: string };
  ordinary?: number;
  pages: number;
  seed: number;
  cache: string;
  out?: string;
}

function bar(done: number, total: number, what: string): string {
  const width = 20;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${what}`;
}

async function build(source: CorpusSource, options: Options, io: CorpusIo): Promise<CorpusLine[]> {
  const repo = { owner: options.owner, repo: options.repo };
  io.progress("reading advisories…");
  const advisories: AdvisorySummary[] = options.package
    ? await source.packageAdvisories(options.package.ecosystem, options.package.name)
    : await source.publishedAdvisories(repo);

  // One line per fix commit or pull request, even when several advisories name it.
  const fixes = new Map<string, { kind: "commit" | "pull"; id: string; advisories: AdvisorySummary[] }>();
  for (const advisory of advisories) {
    const refs = fixReferences(advisory.texts, options.owner, options.repo);
    for (const sha of refs.commits) fixes.set(`commit ${sha}`, { kind: "commit", id: sha, advisories: [...(fixes.get(`commit ${sha}`)?.advisories ?? []), advisory] });
    for (const n of refs.pulls) fixes.set(`pull ${n}`, { kind: "pull", id: String(n), advisories: [...(fixes.get(`pull ${n}`)?.advisories ?? []), advisory] });
  }
  const lines: CorpusLine[] = [];
  let done = 0;
  for (const fix of fixes.values()) {
    io.progress(bar(done++, fixes.size, "fixes"));
    const change = fix.kind === "commit" ? await source.commit(repo, fix.id) : await source.pull(repo, Number(fix.id));
    lines.push({
      sha: change.sha,
      ...(change.date ? { date: change.date } : {}),
      label: "security",
      cve: [...new Set(fix.advisories.map((a) => a.cveId).filter((c): c is string => c !== null))],
      title: change.title,
      body: change.body,
      source: `${fix.advisories.map((a) => a.ghsaId).join(",")} ${fix.kind === "pull" ? `#${fix.id}` : fix.id}`,
      files: corpusFiles(change.files),
    });
  }
  io.progress(bar(fixes.size, fixes.size, "fixes"));

  io.progress("listing merged pull requests…");
  const fixPulls = new Set([...fixes.values()].filter((f) => f.kind === "pull").map((f) => Number(f.id)));
  const fixShas = new Set(lines.map((l) => l.sha));
  const candidates = (await source.mergedPulls(repo, options.pages)).filter((p) => !fixPulls.has(p.number) && !mentionsSecurity(`${p.title}\n${p.body}`));
  // Several ordinary changes per fix: the false-positive rate needs them.
  const wanted = options.ordinary ?? Math.max(50, 4 * lines.length);
  const sample = seededSample(candidates, wanted, options.seed).sort((a, b) => a.number - b.number);
  done = 0;
  for (const pull of sample) {
    io.progress(bar(done++, sample.length, "ordinary pull requests"));
    const change = await source.pull(repo, pull.number);
    if (fixShas.has(change.sha)) continue;
    lines.push({
      sha: change.sha,
      ...(change.date ? { date: change.date } : {}),
      label: "ordinary",
      cve: [],
      title: change.title,
      body: change.body,
      source: `#${pull.number}`,
      files: corpusFiles(change.files),
    });
  }
  io.progress(bar(sample.length, sample.length, "ordinary pull requests"));
  return lines;
}

function parseArgs(args: string[]): Options | string {
  const options: Partial<Options> = { pages: 10, seed: 1, cache: ".secwg-corpus-cache.json" };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    if (!value || value.startsWith("--")) return `${arg} needs a value`;
    i++;
    if (arg === "--repo") {
      const match = /^([\w.-]{1,100})\/([\w.-]{1,100})$/.exec(value);
      if (!match) return "--repo needs OWNER/REPO";
      options.owner = match[1];
      options.repo = match[2];
    } else if (arg === "--package") {
      const match = /^([\w-]{1,40})\/(\S{1,200})$/.exec(value);
      if (!match) return "--package needs ECOSYSTEM/NAME, e.g. pip/django";
      options.package = { ecosystem: match[1] as string, name: match[2] as string };
    } else if (arg === "--ordinary" || arg === "--pages" || arg === "--seed") {
      if (!/^\d{1,6}$/.test(value)) return `${arg} needs a whole number`;
      options[arg === "--ordinary" ? "ordinary" : arg === "--pages" ? "pages" : "seed"] = Number(value);
    } else if (arg === "--cache") options.cache = value;
    else if (arg === "--out") options.out = value;
    else return `unknown argument: ${arg}`;
  }
  if (!options.owner) return "--repo OWNER/REPO is required";
  if (options.pages === 0 || (options.pages ?? 0) > 100) return "--pages needs a number from 1 to 100";
  return options as Options;
}
