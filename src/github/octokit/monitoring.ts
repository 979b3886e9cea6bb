import type { Conditional, RepoRef } from "../gateway.js";
import { readGlobalAdvisory, type GlobalAdvisory } from "../../core/monitoring/advisory.js";
import type { TrackedIssue } from "../../core/monitoring/advisory-plan.js";
import { wasNotModified } from "../conditional-requests.js";
import { callGitHub, statusOf } from "./call-github.js";
import { conditionalPages } from "./conditional-pages.js";
import { type GitHubContext, repoParams } from "./context.js";
import { isOurs } from "../../core/identity.js";
import { codeScanningAlert, dependabotAlert, secretScanningAlert, type RepoAlert } from "../../core/monitoring/alerts.js";

/** At most this many pages of 100 advisories per ecosystem and sweep. */
const MAX_ADVISORY_PAGES = 10;

export interface GlobalAdvisoryQuery {
  ecosystem: string;
  /** Package names (GitHub accepts up to 1,000 per request). */
  affects: string[];
  /** `YYYY-MM-DD`: only advisories updated on or after it. */
  updatedSince?: string;
}

/**
 * Reviewed advisories of the global database affecting any of the packages, withdrawn ones
 * included (so their tracker issues can be closed). The query is the same from one sweep to the
 * next, so every page goes out with `If-None-Match` and a quiet day is answered 304: no rate limit.
 * Cursor-paginated: the next page is the `Link` header's `rel="next"`.
 * @see https://docs.github.com/en/rest/security-advisories/global-advisories#list-global-security-advisories
 */
export async function listGlobalAdvisories({ octokit }: GitHubContext, query: GlobalAdvisoryQuery): Promise<Conditional<GlobalAdvisory[]>> {
  const advisories: GlobalAdvisory[] = [];
  let notModified = true;
  let response = await callGitHub("GET /advisories", () =>
    octokit.rest.securityAdvisories.listGlobalAdvisories({
      ecosystem: query.ecosystem as "pip",
      affects: query.affects.join(","),
      ...(query.updatedSince ? { updated: `>=${query.updatedSince}` } : {}),
      sort: "updated",
      direction: "asc",
      per_page: 100,
    }),
  );
  for (let page = 1; ; page++) {
    if (!wasNotModified(response)) notModified = false;
    for (const raw of response.data) {
      const advisory = readGlobalAdvisory(raw);
      if (advisory) advisories.push(advisory);
    }
    const next = /<([^>]+)>;\s*rel="next"/.exec(String(response.headers.link ?? ""))?.[1];
    if (!next || page >= MAX_ADVISORY_PAGES) break;
    response = await callGitHub("GET /advisories", () => octokit.request({ method: "GET", url: next }) as unknown as Promise<typeof response>);
  }
  return { data: advisories, notModified };
}

/**
 * Every issue (open and closed) carrying `label`, with title and body, conditionally.
 * @see https://docs.github.com/en/rest/issues/issues#list-repository-issues
 */
export async function listIssuesWithLabel(ctx: GitHubContext, repo: RepoRef, label: string): Promise<Conditional<TrackedIssue[]>> {
  const result = await conditionalPages<{ number: number; state: string; title: string; body?: string | null; pull_request?: unknown; user?: { id: number; type?: string } | null }>(
    ctx.octokit,
    "GET /repos/{owner}/{repo}/issues",
    { ...repoParams(repo), state: "all", labels: label },
  );
  const self = await ctx.self();
  return {
    notModified: result.notModified,
    data: result.data
      // Only secwg's own issues: an issue a person opens with the label and a copied marker is not one.
      .filter((i) => !i.pull_request && isOurs(i.user, self))
      .map((i) => ({ number: i.number, state: i.state === "closed" ? "closed" : "open", title: i.title, body: i.body ?? "" })),
  };
}

const ALERT_READERS = { dependabot: dependabotAlert, "code-scanning": codeScanningAlert, "secret-scanning": secretScanningAlert } as const;

/**
 * A code security alert as GitHub has it now, read through the same allow-list as its webhook
 * payload (the REST alert and the payload's `alert` share their shape). 404 (no such alert, or the
 * feature is off) and 403 (the app may not read it) give null: the caller keeps to the delivery.
 * Needs `vulnerability_alerts`, `security_events` or `secret_scanning_alerts` read.
 * @see https://docs.github.com/en/rest/dependabot/alerts#get-a-dependabot-alert
 * @see https://docs.github.com/en/rest/code-scanning/code-scanning#get-a-code-scanning-alert
 * @see https://docs.github.com/en/rest/secret-scanning/secret-scanning#get-a-secret-scanning-alert
 */
export async function getRepoAlert({ octokit }: GitHubContext, alert: Pick<RepoAlert, "kind" | "repo" | "number">): Promise<RepoAlert | null> {
  const params = { ...repoParams(alert.repo), alert_number: alert.number };
  const read = {
    dependabot: () => octokit.rest.dependabot.getAlert(params),
    "code-scanning": () => octokit.rest.codeScanning.getAlert(params),
    // The secret literal is left out by GitHub itself.
    "secret-scanning": () => octokit.rest.secretScanning.getAlert({ ...params, hide_secret: true }),
  }[alert.kind];
  let data: unknown;
  try {
    data = (await read()).data;
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || status === 403) return null;
    return callGitHub(`GET /repos/{owner}/{repo}/${alert.kind}/alerts/{alert_number}`, () => Promise.reject(error));
  }
  const repository = { id: alert.repo.id, name: alert.repo.repo, owner: { login: alert.repo.owner } };
  return ALERT_READERS[alert.kind]({ repository, alert: data });
}
