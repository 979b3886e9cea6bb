import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { run, type CorpusIo } from "../../src/cli/rules-corpus.js";
import { parseCorpus } from "../../src/core/review/corpus-evaluation.js";

const API = "https://api.github.com";
const FIX_SHA = "3c0d2f1e9b8a7c6d5e4f30211a2b3c4d5e6f7a8b";

/** Shapes as GitHub's REST API returns them (fields the command reads, plus their neighbours). */
const repositoryAdvisory = {
  ghsa_id: "GHSA-abcd-2345-wxyz",
  cve_id: "CVE-2031-0001",
  url: `${API}/repos/acme/shop/security-advisories/GHSA-abcd-2345-wxyz`,
  html_url: "https://github.com/acme/shop/security/advisories/GHSA-abcd-2345-wxyz",
  summary: "Header injection in the mail helper",
  description: `Fixed in https://github.com/acme/shop/commit/${FIX_SHA}. See also https://github.com/other/lib/commit/ffffffffffffffffffffffffffffffffffffffff.`,
  severity: "high",
  state: "published",
  identifiers: [{ value: "GHSA-abcd-2345-wxyz", type: "GHSA" }, { value: "CVE-2031-0001", type: "CVE" }],
  created_at: "2031-01-02T10:00:00Z",
  updated_at: "2031-01-10T10:00:00Z",
  published_at: "2031-01-10T10:00:00Z",
  closed_at: null,
  withdrawn_at: null,
  vulnerabilities: [{ package: { ecosystem: "pip", name: "shop" }, vulnerable_version_range: "< 2.0.1", patched_versions: "2.0.1", vulnerable_functions: [] }],
  cwe_ids: ["CWE-93"],
};
const globalAdvisory = {
  ghsa_id: "GHSA-abcd-2345-wxyz",
  cve_id: "CVE-2031-0001",
  type: "reviewed",
  summary: "Header injection in the mail helper",
  description: "…",
  source_code_location: "https://github.com/acme/shop",
  references: ["https://nvd.nist.gov/vuln/detail/CVE-2031-0001", "https://github.com/acme/shop/pull/41"],
  published_at: "2031-01-10T10:00:00Z",
};
const file = (filename: string, patch: string) => ({
  sha: "aa11",
  filename,
  status: "modified",
  additions: 1,
  deletions: 0,
  changes: 1,
  blob_url: `https://github.com/acme/shop/blob/x/${filename}`,
  raw_url: `https://github.com/acme/shop/raw/x/${filename}`,
  contents_url: `${API}/repos/acme/shop/contents/${filename}?ref=x`,
  patch,
});
const commit = {
  sha: FIX_SHA,
  commit: { author: { name: "A", email: "a@example.com", date: "2031-01-09T08:00:00Z" }, message: "Refused newlines in mail headers.\n\nDetails." },
  parents: [{ sha: "0".repeat(40) }],
  files: [file("shop/mail.py", "@@ -1,2 +1,3 @@ def make_header(value):\n x = 1\n+    if '\\n' in value:")],
};
const pullSummary = (number: number, title: string, merged: boolean, body: string | null = null) => ({
  number,
  state: "closed",
  title,
  body,
  merged_at: merged ? `2031-0${(number % 9) + 1}-01T00:00:00Z` : null,
  merge_commit_sha: `${String(number).padStart(2, "0")}${"b".repeat(38)}`,
  head: { sha: "c".repeat(40) },
});

function mockFirstRun(): void {
  nock(API).get("/repos/acme/shop/security-advisories").query({ state: "published", per_page: "100" }).reply(200, [repositoryAdvisory], { etag: '"adv1"' });
  nock(API).get("/advisories/GHSA-abcd-2345-wxyz").reply(200, globalAdvisory, { etag: '"gadv1"' });
  nock(API).get(`/repos/acme/shop/commits/${FIX_SHA}`).query({ per_page: "300" }).reply(200, commit, { etag: '"c1"' });
  nock(API).get("/repos/acme/shop/pulls/41").reply(200, pullSummary(41, "Fixed header parsing", true), { etag: '"p41"' });
  nock(API).get("/repos/acme/shop/pulls/41/files").query({ per_page: "100", page: "1" }).reply(200, [file("shop/http.py", "@@ -3 +3 @@\n-a\n+b")], { etag: '"f41"' });
  nock(API)
    .get("/repos/acme/shop/pulls")
    .query({ state: "closed", sort: "created", direction: "desc", per_page: "100", page: "1" })
    .reply(200, [pullSummary(44, "Added a colour option", true), pullSummary(43, "Fixed XSS in the widget", true), pullSummary(42, "Draft that was closed", false), pullSummary(41, "Fixed header parsing", true), pullSummary(40, "Tidied imports", true, "No behaviour change.")], { etag: '"list1"' });
  for (const n of [40, 44]) {
    nock(API).get(`/repos/acme/shop/pulls/${n}`).reply(200, pullSummary(n, n === 40 ? "Tidied imports" : "Added a colour option", true), { etag: `"p${n}"` });
    nock(API).get(`/repos/acme/shop/pulls/${n}/files`).query({ per_page: "100", page: "1" }).reply(200, [file(`shop/f${n}.py`, "@@ -1 +1 @@\n-x\n+y")], { etag: `"f${n}"` });
  }
}

function io(): CorpusIo & { out: string[]; err: string[]; bars: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const bars: string[] = [];
  return { out, err, bars, write: (t) => void out.push(t), error: (t) => void err.push(t), progress: (t) => void bars.push(t), token: "test-token" };
}

describe("secwg rules corpus", () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it("builds a corpus from the advisories' fixes and a sample of ordinary merged pull requests, with progress on stderr", async () => {
    mockFirstRun();
    const dir = mkdtempSync(join(tmpdir(), "secwg-corpus-"));
    const out = join(dir, "corpus.jsonl");
    const cache = join(dir, "cache.json");
    const streams = io();
    expect(await run(["--repo", "acme/shop", "--ordinary", "5", "--cache", cache, "--out", out], streams)).toBe(0);
    expect(nock.isDone()).toBe(true);

    const records = parseCorpus(readFileSync(out, "utf8"));
    expect(records.map((r) => [r.label, r.sha.slice(0, 4), r.cve])).toEqual([
      ["security", "3c0d", ["CVE-2031-0001"]],
      ["security", "41bb", ["CVE-2031-0001"]],
      ["ordinary", "40bb", []],
      ["ordinary", "44bb", []],
    ]);
    expect(records[0]).toMatchObject({ date: "2031-01-09T08:00:00Z", title: "Refused newlines in mail headers.", files: [{ filename: "shop/mail.py", additions: 1 }] });
    // The other repository's commit, the unmerged pull request and the one that speaks of XSS are left out.
    expect(records.map((r) => r.title)).not.toContain("Fixed XSS in the widget");
    expect(streams.bars).toContain("[####################] 2/2 fixes");
    expect(streams.bars).toContain("[--------------------] 0/2 ordinary pull requests");
    expect(streams.err.at(-1)).toBe(`2 security and 2 ordinary changes written to ${out}`);
    expect(existsSync(cache)).toBe(true);
  });

  it("sends every read again with the ETag of the last run, so an unchanged history costs no rate limit", async () => {
    mockFirstRun();
    const dir = mkdtempSync(join(tmpdir(), "secwg-corpus-"));
    const cache = join(dir, "cache.json");
    const first = io();
    expect(await run(["--repo", "acme/shop", "--ordinary", "5", "--cache", cache], first)).toBe(0);

    // A new process: only the cache file carries the ETags. Every request must be conditional and is answered 304.
    const conditional = (etag: string) => nock(API, { reqheaders: { "if-none-match": etag } });
    conditional('"adv1"').get("/repos/acme/shop/security-advisories").query(true).reply(304);
    conditional('"gadv1"').get("/advisories/GHSA-abcd-2345-wxyz").reply(304);
    conditional('"c1"').get(`/repos/acme/shop/commits/${FIX_SHA}`).query(true).reply(304);
    conditional('"list1"').get("/repos/acme/shop/pulls").query(true).reply(304);
    for (const n of [40, 41, 44]) {
      conditional(`"p${n}"`).get(`/repos/acme/shop/pulls/${n}`).reply(304);
      conditional(`"f${n}"`).get(`/repos/acme/shop/pulls/${n}/files`).query(true).reply(304);
    }
    const second = io();
    expect(await run(["--repo", "acme/shop", "--ordinary", "5", "--cache", cache], second)).toBe(0);
    expect(nock.isDone()).toBe(true);
    expect(second.out.join("")).toBe(first.out.join(""));
  });

  it("keeps the description's links when the advisory is not in the advisory database", async () => {
    nock(API).get("/repos/acme/shop/security-advisories").query(true).reply(200, [repositoryAdvisory]);
    nock(API).get("/advisories/GHSA-abcd-2345-wxyz").reply(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    nock(API).get(`/repos/acme/shop/commits/${FIX_SHA}`).query(true).reply(200, commit);
    nock(API).get("/repos/acme/shop/pulls").query(true).reply(200, []);
    const streams = io();
    const cache = join(mkdtempSync(join(tmpdir(), "secwg-corpus-")), "cache.json");
    expect(await run(["--repo", "acme/shop", "--cache", cache], streams)).toBe(0);
    expect(parseCorpus(streams.out.join("")).map((r) => r.sha)).toEqual([FIX_SHA]);
    expect(nock.isDone()).toBe(true);
  });

  it("reports a refused request with its status and route, without a stack trace", async () => {
    nock(API).get("/repos/acme/shop/security-advisories").query(true).reply(403, { message: "Resource not accessible by integration" });
    const streams = io();
    const cache = join(mkdtempSync(join(tmpdir(), "secwg-corpus-")), "cache.json");
    expect(await run(["--repo", "acme/shop", "--cache", cache], streams)).toBe(1);
    expect(streams.err.at(-1)).toBe("GitHub answered 403 to GET /repos/{owner}/{repo}/security-advisories: Resource not accessible by integration");
  });

  it.each([
    [[], "--repo OWNER/REPO is required"],
    [["--repo", "acme"], "--repo needs OWNER/REPO"],
    [["--repo", "acme/shop", "--ordinary", "many"], "--ordinary needs a whole number"],
    [["--repo", "acme/shop", "--package", "django"], "--package needs ECOSYSTEM/NAME, e.g. pip/django"],
    [["--repo", "acme/shop", "--bogus", "1"], "unknown argument: --bogus"],
  ])("explains bad arguments %j", async (args, message) => {
    const streams = io();
    expect(await run(args, streams)).toBe(2);
    expect(streams.err[0]).toContain(message);
  });
});
