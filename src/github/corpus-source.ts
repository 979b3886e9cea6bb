import { Octokit } from "@octokit/rest";
import type { ApiFile } from "../core/review/corpus-building.js";
import { ConditionalGetCache, conditionalGets } from "./conditional-requests.js";
import { callGitHub, statusOf } from "./octokit/call-github.js";
import type { RepoRef } from "./gateway.js";

/**
 * The reads `secwg rules corpus` makes, through `@octokit/rest` with every GET conditional on the
 * ETag of the last run (`ConditionalGetCache`, kept in a file between runs): rebuilding a corpus
 * whose sources did not change is answered 304 and costs no primary rate limit.
 * @see https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
 */

export interface AdvisorySummary {
  ghsaId: string;
  cveId: string | null;
  summary: string;
  publishedAt: string | null;
  /** The description and every reference URL: where the fix commits and pull requests are named. */
  texts: string[];
}

export interface ChangeSummary {
  sha: string;
  date?: string;
  title: string;
  body: string;
  files: ApiFile[];
}

export interface MergedPull {
  number: number;
  title: string;
  body: string;
  mergedAt: string;
}

/** GitHub lists at most this many files for a pull request (and 300 for a commit). */
const PULL_FILES_PAGES = 30;

export class CorpusSource {
  readonly octokit: Octokit;

  constructor(options: { auth?: string; baseUrl?: string; cache: ConditionalGetCache; request?: { fetch?: typeof fetch } }) {
    const Conditional = Octokit.plugin(conditionalGets(options.cache) as unknown as Parameters<typeof Octokit.plugin>[0]);
    this.octokit = new Conditional({
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      userAgent: "secwg-rules-corpus",
      ...(options.request ? { request: options.request } : {}),
    });
  }

  /**
   * The repository's published advisories, each with the reference URLs of its entry in the
   * GitHub Advisory Database when it has one (a 404 there leaves only the description).
   * @see https://docs.github.com/en/rest/security-advisories/repository-advisories#list-repository-security-advisories
   * @see https://docs.github.com/en/rest/security-advisories/global-advisories#get-a-global-security-advisory
   */
  async publishedAdvisories(repo: RepoRef): Promise<AdvisorySummary[]> {
    const route = "GET /repos/{owner}/{repo}/security-advisories";
    const list = await callGitHub(route, () =>
      this.octokit.paginate(this.octokit.rest.securityAdvisories.listRepositoryAdvisories, { ...repo, state: "published", per_page: 100 }),
    );
    const result: AdvisorySummary[] = [];
    for (const advisory of list) {
      let references: string[] = [];
      try {
        const global = await this.octokit.rest.securityAdvisories.getGlobalAdvisory({ ghsa_id: advisory.ghsa_id });
        references = global.data.references ?? [];
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      result.push({
        ghsaId: advisory.ghsa_id,
        cveId: advisory.cve_id ?? null,
        summary: advisory.summary,
        publishedAt: advisory.published_at ?? null,
        texts: [advisory.description ?? "", ...references],
      });
    }
    return result;
  }

  /**
   * Reviewed advisories of a package in the GitHub Advisory Database (for a project whose
   * advisories are published through CVE rather than on GitHub).
   * @see https://docs.github.com/en/rest/security-advisories/global-advisories#list-global-security-advisories
   */
  async packageAdvisories(ecosystem: string, name: string): Promise<AdvisorySummary[]> {
    const route = "GET /advisories";
    const list = await callGitHub(route, () =>
      this.octokit.paginate(this.octokit.rest.securityAdvisories.listGlobalAdvisories, {
        ecosystem: ecosystem as "pip",
        affects: name,
        type: "reviewed",
        per_page: 100,
      }),
    );
    return list.map((a) => ({
      ghsaId: a.ghsa_id,
      cveId: a.cve_id ?? null,
      summary: a.summary,
      publishedAt: a.published_at ?? null,
      texts: [a.description ?? "", a.source_code_location ?? "", ...(a.references ?? [])],
    }));
  }

  /** A commit with its changed files (the API lists at most 300). @see https://docs.github.com/en/rest/commits/commits#get-a-commit */
  async commit(repo: RepoRef, ref: string): Promise<ChangeSummary> {
    const { data } = await callGitHub("GET /repos/{owner}/{repo}/commits/{ref}", () => this.octokit.rest.repos.getCommit({ ...repo, ref, per_page: 300 }));
    const message = data.commit.message ?? "";
    return {
      sha: data.sha,
      ...(data.commit.author?.date ? { date: data.commit.author.date } : {}),
      title: message.split("\n")[0] ?? "",
      body: message,
      files: (data.files ?? []) as ApiFile[],
    };
  }

  /**
   * A merged pull request with its files, keyed by its merge commit.
   * @see https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request
   * @see https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files
   */
  async pull(repo: RepoRef, number: number): Promise<ChangeSummary> {
    const { data: pr } = await callGitHub("GET /repos/{owner}/{repo}/pulls/{pull_number}", () => this.octokit.rest.pulls.get({ ...repo, pull_number: number }));
    const files: ApiFile[] = [];
    for (let page = 1; page <= PULL_FILES_PAGES; page++) {
      const { data } = await callGitHub("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", () =>
        this.octokit.rest.pulls.listFiles({ ...repo, pull_number: number, per_page: 100, page }),
      );
      files.push(...(data as ApiFile[]));
      if (data.length < 100) break;
    }
    return {
      sha: pr.merge_commit_sha ?? pr.head.sha,
      ...(pr.merged_at ? { date: pr.merged_at } : {}),
      title: pr.title,
      body: pr.body ?? "",
      files,
    };
  }

  /**
   * Recently closed pull requests that were merged, newest first, reading at most `pages` pages of 100.
   * @see https://docs.github.com/en/rest/pulls/pulls#list-pull-requests
   */
  async mergedPulls(repo: RepoRef, pages: number): Promise<MergedPull[]> {
    const merged: MergedPull[] = [];
    for (let page = 1; page <= pages; page++) {
      const { data } = await callGitHub("GET /repos/{owner}/{repo}/pulls", () =>
        this.octokit.rest.pulls.list({ ...repo, state: "closed", sort: "created", direction: "desc", per_page: 100, page }),
      );
      for (const pr of data) if (pr.merged_at) merged.push({ number: pr.number, title: pr.title, body: pr.body ?? "", mergedAt: pr.merged_at });
      if (data.length < 100) break;
    }
    return merged;
  }
}
