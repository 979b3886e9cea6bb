import yaml from "js-yaml";
import type { GlobalAdvisory } from "../../src/core/monitoring/advisory.js";
import type { RepoAlert } from "../../src/core/monitoring/alerts.js";
import { GitHubError } from "../../src/errors.js";
import type { Gateway, IssueRef, IssueSpec, RepoRef } from "../../src/github/gateway.js";

/**
 * An in-memory GitHub for the monitoring and hygiene features: repositories, files, labelled
 * issues, the global advisory feed and repository security settings. Every write is recorded
 * (with its text) so tests count writes and search them for text that must never be copied.
 * A method the features do not use throws, so a test notices an unexpected call.
 */
export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason?: string;
  labels: string[];
  byBot: boolean;
  repo: string;
}

export interface FakeRepo {
  private: boolean;
  archived?: boolean;
  fork?: boolean;
  default_branch?: string;
  files?: Record<string, string>;
  pvr?: boolean | null;
  requiredChecks?: string[];
  labels?: string[];
}

export class FakeGateway {
  repos = new Map<string, FakeRepo>();
  issues: FakeIssue[] = [];
  advisories: GlobalAdvisory[] = [];
  writes: Array<{ op: string; text: string }> = [];
  reads: string[] = [];
  config: unknown = null;
  /** Alerts as GitHub shows them now, by `<kind>-<number>`; an alert not here reads as not shown (null). */
  alerts = new Map<string, RepoAlert>();

  constructor(readonly owner = "acme") {
    this.repos.set(`${owner}/security-tracker`, { private: true });
    this.repos.set(`${owner}/.github`, { private: false });
  }

  setConfig(yamlText: string): this {
    this.config = yaml.load(yamlText);
    return this;
  }

  private key(repo: RepoRef): string {
    return `${repo.owner}/${repo.repo}`;
  }

  gateway(): Gateway {
    const unsupported = (name: string) => () => {
      throw new Error(`unexpected gateway call: ${name}`);
    };
    const g: Partial<Gateway> = {
      readConfigFile: async (repo: RepoRef) => {
        this.reads.push(`config ${this.key(repo)}`);
        return repo.repo === ".github" ? yaml.dump(this.config) : null;
      },
      self: async () => ({ id: 99, login: "secwg[bot]" }),
      getRepoAlert: async (alert) => {
        this.reads.push(`alert ${alert.kind}-${alert.number}`);
        return this.alerts.get(`${alert.kind}-${alert.number}`) ?? null;
      },
      getRepository: async (repo) => {
        this.reads.push(`repo ${this.key(repo)}`);
        const r = this.repos.get(this.key(repo));
        if (!r) throw new GitHubError(404, "GET /repos/{owner}/{repo}", "Not Found");
        return { owner: repo.owner, repo: repo.repo, private: r.private, visibility: r.private ? "private" : "public", default_branch: r.default_branch ?? "main", html_url: `https://github.com/${this.key(repo)}` };
      },
      listInstallationRepos: async () => [...this.repos.keys()].map((k) => ({ owner: k.split("/")[0] as string, repo: k.split("/")[1] as string })),
      listIssuesWithLabel: async (repo, label) => {
        this.reads.push(`issues ${this.key(repo)} ${label}`);
        return {
          notModified: false,
          data: this.issues
            .filter((i) => i.repo === this.key(repo) && i.labels.includes(label) && i.byBot)
            .map((i) => ({ number: i.number, state: i.state, title: i.title, body: i.body })),
        };
      },
      listGlobalAdvisories: async (query) => {
        this.reads.push(`advisories ${query.ecosystem} ${query.affects.join(",")}${query.updatedSince ? ` >=${query.updatedSince}` : ""}`);
        return { notModified: false, data: this.advisories.filter((a) => a.vulnerabilities.some((v) => v.ecosystem === query.ecosystem && query.affects.includes(v.name))) };
      },
      ensureIssue: async (repo, marker, spec: IssueSpec) => {
        const body = spec.body.includes(marker) ? spec.body : `${marker}\n${spec.body}`;
        const existing = this.issues.find((i) => i.repo === this.key(repo) && i.body.includes(marker));
        if (existing) {
          const changed = existing.title !== spec.title || existing.body !== body || (spec.state !== undefined && spec.state !== existing.state);
          if (!changed) return { outcome: "unchanged", number: existing.number, html_url: "" };
          Object.assign(existing, { title: spec.title, body }, spec.state ? { state: spec.state, state_reason: spec.state_reason } : {});
          this.writes.push({ op: `update #${existing.number}${spec.state ? ` ${spec.state}` : ""}`, text: `${spec.title}\n${body}` });
          return { outcome: "updated", number: existing.number, html_url: "" };
        }
        const issue: FakeIssue = { number: this.issues.length + 1, title: spec.title, body, state: spec.state ?? "open", labels: spec.labels ?? [], byBot: true, repo: this.key(repo) };
        if (spec.state_reason) issue.state_reason = spec.state_reason;
        this.issues.push(issue);
        this.writes.push({ op: `create #${issue.number} in ${issue.repo}${spec.state === "closed" ? " closed" : ""}`, text: `${spec.title}\n${body}` });
        return { outcome: "created", number: issue.number, html_url: "" };
      },
      ensureIssueClosed: async (issue: IssueRef, reason) => {
        const found = this.issues.find((i) => i.repo === `${issue.owner}/${issue.repo}` && i.number === issue.issue_number);
        if (!found || found.state === "closed") return "unchanged";
        found.state = "closed";
        found.state_reason = reason;
        this.writes.push({ op: `close #${found.number}`, text: "" });
        return "updated";
      },
      readFile: async (repo, path) => {
        this.reads.push(`file ${this.key(repo)}:${path}`);
        return this.repos.get(this.key(repo))?.files?.[path] ?? null;
      },
      getPrivateVulnerabilityReporting: async (repo) => {
        this.reads.push(`pvr ${this.key(repo)}`);
        const r = this.repos.get(this.key(repo));
        return r?.pvr === undefined ? false : r.pvr;
      },
      enablePrivateVulnerabilityReporting: async (repo) => {
        const r = this.repos.get(this.key(repo));
        if (r) r.pvr = true;
        this.writes.push({ op: `enable pvr ${this.key(repo)}`, text: "" });
      },
      listInstalledRepositories: async () => {
        this.reads.push("installation repositories");
        return {
          notModified: false,
          data: [...this.repos.entries()].map(([k, r], i) => ({
            id: 1000 + i,
            owner: k.split("/")[0] as string,
            repo: k.split("/")[1] as string,
            private: r.private,
            archived: r.archived ?? false,
            fork: r.fork ?? false,
            defaultBranch: r.default_branch ?? "main",
          })),
        };
      },
      getRequiredStatusChecks: async (repo, branch) => {
        this.reads.push(`required checks ${this.key(repo)}@${branch}`);
        const r = this.repos.get(this.key(repo));
        return r?.requiredChecks ?? [];
      },
      listLabelNames: async (repo) => {
        this.reads.push(`labels ${this.key(repo)}`);
        return { notModified: false, data: this.repos.get(this.key(repo))?.labels ?? [] };
      },
      proposeFile: async (repo, proposal) => {
        const r = this.repos.get(this.key(repo));
        if (r?.files?.[proposal.path] === proposal.content) return { outcome: "unchanged", pull: null };
        this.writes.push({ op: `propose ${proposal.path} in ${this.key(repo)}`, text: `${proposal.title}\n${proposal.body}\n${proposal.content}` });
        r!.files = { ...r!.files, [proposal.path]: proposal.content };
        return { outcome: "created", pull: 1 };
      },
    };
    return new Proxy(g as Gateway, {
      get: (target, prop: string) => (prop in target ? (target as unknown as Record<string, unknown>)[prop] : unsupported(prop)),
    });
  }
}
