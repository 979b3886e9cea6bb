/**
 * Building a labelled corpus (the format `secwg rules evaluate` reads) from a repository's
 * published advisories and a sample of its ordinary merged pull requests. Pure: what to fetch and
 * how to shape it; the fetching is in `src/github/corpus-source.ts`.
 */

/** GitHub cuts nothing, but a corpus keeps each file's diff to this many characters (as the shared corpus does). */
export const MAX_PATCH_CHARS = 20_000;

export interface FixReferences {
  commits: string[];
  pulls: number[];
}

/**
 * The commits and pull requests of `owner/repo` that advisory texts and reference URLs point at
 * (`https://github.com/OWNER/REPO/commit/SHA`, `…/pull/N`, and a pull request's commits).
 * Links to other repositories are ignored: a fix elsewhere is not this project's history.
 */
export function fixReferences(texts: readonly string[], owner: string, repo: string): FixReferences {
  const commits = new Set<string>();
  const pulls = new Set<number>();
  const link = /github\.com\/([\w.-]{1,100})\/([\w.-]{1,100})\/(commit|pull)\/([0-9a-f]{7,40}|\d{1,9})\b/gi;
  for (const text of texts) {
    for (const match of text.slice(0, 100_000).matchAll(link)) {
      const [, o = "", r = "", kind = "", id = ""] = match;
      if (o.toLowerCase() !== owner.toLowerCase() || r.toLowerCase() !== repo.toLowerCase()) continue;
      if (kind.toLowerCase() === "commit" && /^[0-9a-f]{7,40}$/i.test(id)) commits.add(id.toLowerCase());
      else if (kind.toLowerCase() === "pull" && /^\d+$/.test(id)) pulls.add(Number(id));
    }
  }
  return { commits: [...commits].sort(), pulls: [...pulls].sort((a, b) => a - b) };
}

/**
 * Whether a title or description speaks of security, in any inflection or abbreviation: such a
 * pull request is not drawn as an ordinary one (it may be an unlabelled fix).
 */
export function mentionsSecurity(text: string): boolean {
  return /secur|vulnerab|\bcve-|exploit|inject|travers|\bxss\b|\bcsrf\b|\bssrf\b|\bxxe\b|\brce\b|\b(?:re)?dos\b|denial[- ]of[- ]service|malicious|attack|spoof|bypass/i.test(
    text.slice(0, 65_536),
  );
}

/** `n` items drawn without replacement, the same ones for the same seed (a reproducible sample). */
export function seededSample<T>(items: readonly T[], n: number, seed: number): T[] {
  const pool = [...items];
  let state = seed >>> 0 || 1;
  // xorshift32: small, fast and reproducible; not for anything secret.
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, Math.max(0, n));
}

/** A changed file as the REST API returns it (commits and pull requests alike). */
export interface ApiFile {
  filename: string;
  status?: string;
  additions?: number;
  deletions?: number;
  patch?: string;
  previous_filename?: string;
}

export interface CorpusFileOut {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  patch?: string;
  patch_truncated?: true;
  previous_filename?: string;
}

/** Shapes API files for the corpus: patches cut at `MAX_PATCH_CHARS`, a missing patch kept missing. */
export function corpusFiles(files: readonly ApiFile[]): CorpusFileOut[] {
  return files.map((f) => ({
    filename: f.filename,
    status: f.status ?? "modified",
    additions: f.additions ?? 0,
    deletions: f.deletions ?? 0,
    ...(f.patch === undefined ? {} : { patch: f.patch.slice(0, MAX_PATCH_CHARS) }),
    ...(f.patch !== undefined && f.patch.length > MAX_PATCH_CHARS ? { patch_truncated: true as const } : {}),
    ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
  }));
}

export interface CorpusLine {
  sha: string;
  date?: string;
  label: "security" | "ordinary";
  cve: string[];
  title: string;
  body: string;
  /** Where the change came from: an advisory id, a pull request number. */
  source: string;
  files: CorpusFileOut[];
}
