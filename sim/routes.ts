/**
 * The REST operations the simulator serves, as data: method, GitHub's OpenAPI path template and a
 * handler over the world. To serve another operation, add an entry here and run
 * `npx tsx scripts/vendor-openapi.ts` so its request schema is vendored too.
 */
import { createHash } from "node:crypto";
import type { Shapes } from "./shapes.js";
import type { Account, Advisory, CheckRun, Issue, Repo, World } from "./world.js";
import { requirePull } from "./world.js";

export interface SimRequest {
  method: string;
  /** Path without the `/api/v3` prefix and without the query string. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  /** The account acting: the app's bot for installation tokens, null for the app JWT. */
  actor: Account | null;
  installationId: number | null;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  /** Raw text (e.g. file contents in the raw media type). */
  text?: string;
  /** A list the server paginates (`per_page`, `page`, `Link`). `listKey` wraps it: `{ total_count, [listKey]: page }`. */
  list?: unknown[];
  listKey?: string;
  headers?: Record<string, string>;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface RouteContext {
  world: World;
  shapes: Shapes;
  /** The app's bot account (`<slug>[bot]`), author of every write made with an installation token. */
  bot: Account;
}

export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** GitHub's OpenAPI path template, e.g. `/repos/{owner}/{repo}/issues`. */
  path: string;
  /** Requests that create content count against GitHub's content-creation secondary limit. */
  createsContent?: boolean;
  handle(req: SimRequest, ctx: RouteContext): SimResponse;
}

const notFound = (what = "Not Found"): HttpError => new HttpError(404, what);

function repoOf(req: SimRequest, ctx: RouteContext): Repo {
  const repo = ctx.world.repo(req.params.owner ?? "", req.params.repo ?? "");
  if (!repo) throw notFound();
  return repo;
}

function issueOf(req: SimRequest, ctx: RouteContext, key = "issue_number"): { repo: Repo; issue: Issue } {
  const repo = repoOf(req, ctx);
  const issue = ctx.world.issue(repo, Number(req.params[key]));
  if (!issue) throw notFound();
  return { repo, issue };
}

function pullOf(req: SimRequest, ctx: RouteContext): { repo: Repo; issue: Issue } {
  const found = issueOf(req, ctx, "pull_number");
  if (!found.issue.pull) throw notFound();
  return found;
}

function actorOf(req: SimRequest, ctx: RouteContext): Account {
  return req.actor ?? ctx.bot;
}

function userByLogin(ctx: RouteContext, login: string): Account {
  const user = ctx.world.findAccount(login);
  if (!user) throw new HttpError(422, `Could not resolve to a User with the login of '${login}'.`);
  return user;
}

function labelsEvent(ctx: RouteContext, repo: Repo, issue: Issue, names: string[], action: "labeled" | "unlabeled", sender: Account): void {
  for (const name of names) {
    const label = ctx.world.ensureRepoLabel(repo, name);
    ctx.world.emit({
      event: issue.pull ? "pull_request" : "issues",
      action,
      repo,
      sender,
      objects: { [issue.pull ? "pull_request" : "issue"]: issue, label },
    });
  }
}

function setLabels(ctx: RouteContext, repo: Repo, issue: Issue, next: string[], sender: Account): void {
  const before = issue.labels;
  const after = [...new Set(next)];
  issue.labels = after;
  issue.updated_at = ctx.world.now();
  labelsEvent(ctx, repo, issue, after.filter((l) => !before.includes(l)), "labeled", sender);
  labelsEvent(ctx, repo, issue, before.filter((l) => !after.includes(l)), "unlabeled", sender);
}

function labelNames(input: unknown): string[] {
  const list = Array.isArray(input) ? input : (input as { labels?: unknown })?.labels;
  if (!Array.isArray(list)) return [];
  return list.map((l) => (typeof l === "string" ? l : String((l as { name?: string }).name ?? "")));
}

function contentEntry(repo: Repo, path: string, text: string, shapes: Shapes): Record<string, unknown> {
  const sha = createHash("sha1").update(`blob ${Buffer.byteLength(text)}\0${text}`).digest("hex");
  // GitHub inlines the content of files up to 1 MB only; larger ones come with `encoding: "none"`
  // and an empty `content` (https://docs.github.com/en/rest/repos/contents#get-repository-content).
  const inline = Buffer.byteLength(text) <= 1024 * 1024;
  return {
    type: "file",
    encoding: inline ? "base64" : "none",
    size: Buffer.byteLength(text),
    name: path.split("/").pop(),
    path,
    content: inline ? Buffer.from(text).toString("base64") : "",
    sha,
    url: `${shapes.apiBase}/repos/${repo.owner.login}/${repo.name}/contents/${path}`,
    git_url: `${shapes.apiBase}/repos/${repo.owner.login}/${repo.name}/git/blobs/${sha}`,
    html_url: `${shapes.webBase}/${repo.owner.login}/${repo.name}/blob/${repo.default_branch}/${path}`,
    download_url: `${shapes.webBase}/raw/${repo.owner.login}/${repo.name}/${repo.default_branch}/${path}`,
  };
}

function wantsRaw(req: SimRequest): boolean {
  const accept = String(req.headers.accept ?? "");
  return accept.includes(".raw");
}

function permissionOf(repo: Repo, user: Account): string {
  if (user.id === repo.owner.id) return "admin";
  return repo.collaborators.get(user.id) ?? "none";
}

function updateAdvisory(ctx: RouteContext, repo: Repo, advisory: Advisory, body: any, actor: Account): void {
  const world = ctx.world;
  if (body.summary !== undefined) advisory.summary = body.summary;
  if (body.description !== undefined) advisory.description = body.description;
  if (body.severity !== undefined) advisory.severity = body.severity;
  if (body.cve_id !== undefined) advisory.cve_id = body.cve_id;
  if (body.cwe_ids !== undefined) advisory.cwe_ids = body.cwe_ids;
  if (body.credits !== undefined) advisory.credits = body.credits;
  if (body.vulnerabilities !== undefined) advisory.vulnerabilities = body.vulnerabilities;
  if (body.collaborating_users !== undefined) advisory.collaborating_users = (body.collaborating_users as string[]).map((l) => userByLogin(ctx, l));
  if (body.state !== undefined && body.state !== advisory.state) {
    const allowed: Record<string, string[]> = { triage: ["draft", "closed"], draft: ["published", "closed"], closed: ["draft"], published: [], withdrawn: [] };
    if (!(allowed[advisory.state] ?? []).includes(body.state)) {
      throw new HttpError(422, `Cannot change the state of an advisory from ${advisory.state} to ${body.state}.`);
    }
    if (body.state === "published" && advisory.vulnerabilities.length === 0) {
      throw new HttpError(422, "An advisory needs at least one affected product before it can be published.");
    }
    advisory.state = body.state;
    if (body.state === "published") {
      advisory.published_at = world.now();
      advisory.publisher = actor;
      world.emit({ event: "repository_advisory", action: "published", repo, sender: actor, objects: { repository_advisory: advisory } });
    }
    if (body.state === "closed") advisory.closed_at = world.now();
  }
  advisory.updated_at = world.now();
}

export const ROUTES: Route[] = [
  // --- apps and installations (app JWT) ---
  {
    method: "GET",
    path: "/app",
    // The app's slug is its bot's login without `[bot]`, as on GitHub; secwg learns its identity from it.
    handle: (_req, ctx) => {
      const slug = ctx.bot.login.replace(/\[bot\]$/, "");
      return { status: 200, body: { id: 1, slug, name: slug, owner: ctx.shapes.user(ctx.world.installations[0]?.account ?? ctx.bot), events: [], permissions: {} } };
    },
  },
  {
    method: "GET",
    path: "/app/installations",
    handle: (_req, ctx) => ({
      status: 200,
      list: ctx.world.installations.map((i) => ({ id: i.id, account: ctx.shapes.user(i.account), target_type: i.account.type, repository_selection: i.repositories ? "selected" : "all", app_id: 1, app_slug: ctx.bot.login.replace(/\[bot\]$/, ""), permissions: {}, events: [] })),
    }),
  },
  {
    method: "POST",
    path: "/app/installations/{installation_id}/access_tokens",
    handle: (req, ctx) => {
      const installation = ctx.world.installations.find((i) => i.id === Number(req.params.installation_id));
      if (!installation) throw notFound();
      const expires = new Date(ctx.world.clock().getTime() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      return { status: 201, body: { token: `ghs_sim${installation.id}x${ctx.world.nextId()}`, expires_at: expires, permissions: {}, repository_selection: "all" } };
    },
  },
  {
    method: "GET",
    path: "/installation/repositories",
    handle: (req, ctx) => {
      const installation = ctx.world.installations.find((i) => i.id === req.installationId);
      const repos = ctx.world.repos.filter((r) => installation && r.owner.id === installation.account.id && (installation.repositories === null || installation.repositories.includes(r.id)));
      return { status: 200, list: repos.map((r) => ctx.shapes.repo(r)), listKey: "repositories" };
    },
  },
  // Deliveries are answered from the dispatcher's log; see webhooks.ts, which replaces these handlers.
  { method: "GET", path: "/app/hook/deliveries", handle: () => ({ status: 200, list: [] }) },
  { method: "GET", path: "/app/hook/deliveries/{delivery_id}", handle: () => { throw notFound(); } },
  { method: "POST", path: "/app/hook/deliveries/{delivery_id}/attempts", handle: () => { throw notFound(); } },

  // --- repositories and contents ---
  { method: "GET", path: "/repos/{owner}/{repo}", handle: (req, ctx) => ({ status: 200, body: ctx.shapes.repo(repoOf(req, ctx)) }) },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/contents/{path}",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const files = ctx.world.filesAt(repo, req.query.get("ref") ?? undefined);
      const path = req.params.path ?? "";
      const text = files?.get(path);
      if (text === undefined) throw notFound();
      return wantsRaw(req) ? { status: 200, text } : { status: 200, body: contentEntry(repo, path, text, ctx.shapes) };
    },
  },
  {
    method: "PUT",
    path: "/repos/{owner}/{repo}/contents/{path}",
    createsContent: true,
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const path = req.params.path ?? "";
      const branch = req.body.branch ?? repo.default_branch;
      const current = ctx.world.filesAt(repo, branch)?.get(path);
      if (current !== undefined) {
        const currentSha = (contentEntry(repo, path, current, ctx.shapes) as { sha: string }).sha;
        if (req.body.sha !== currentSha) throw new HttpError(409, `${path} does not match ${req.body.sha ?? "(no sha)"}`);
      }
      const text = Buffer.from(String(req.body.content), "base64").toString("utf8");
      ctx.world.pusher = actorOf(req, ctx);
      let commit;
      try {
        commit = ctx.world.push(repo, branch, { [path]: text }, req.body.message);
      } finally {
        ctx.world.pusher = null;
      }
      return {
        status: current === undefined ? 201 : 200,
        body: { content: contentEntry(repo, path, text, ctx.shapes), commit: { sha: commit.sha, message: commit.message, html_url: `${ctx.shapes.webBase}/${repo.owner.login}/${repo.name}/commit/${commit.sha}` } },
      };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/private-vulnerability-reporting",
    handle: (req, ctx) => ({ status: 200, body: { enabled: repoOf(req, ctx).privateVulnerabilityReporting } }),
  },
  {
    method: "PUT",
    path: "/repos/{owner}/{repo}/private-vulnerability-reporting",
    handle: (req, ctx) => {
      repoOf(req, ctx).privateVulnerabilityReporting = true;
      return { status: 204 };
    },
  },
  {
    method: "DELETE",
    path: "/repos/{owner}/{repo}/private-vulnerability-reporting",
    handle: (req, ctx) => {
      repoOf(req, ctx).privateVulnerabilityReporting = false;
      return { status: 204 };
    },
  },

  // --- branches, rules and repository labels (hygiene) ---
  {
    // Rulesets of the simulator apply to the default branch only; any other branch has no rules.
    method: "GET",
    path: "/repos/{owner}/{repo}/rules/branches/{branch}",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const checks = req.params.branch === repo.default_branch ? repo.rulesetRequiredChecks : [];
      const rules = checks.length === 0 ? [] : [
        {
          type: "required_status_checks",
          parameters: { strict_required_status_checks_policy: false, required_status_checks: checks.map((context) => ({ context })) },
          ruleset_source_type: "Repository",
          ruleset_source: `${repo.owner.login}/${repo.name}`,
          ruleset_id: 1,
        },
      ];
      return { status: 200, list: rules };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/branches/{branch}",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const branch = req.params.branch ?? "";
      const sha = repo.branches.get(branch);
      if (sha === undefined) throw new HttpError(404, "Branch not found");
      const checks = branch === repo.default_branch ? repo.protectionRequiredChecks : [];
      const api = `${ctx.shapes.apiBase}/repos/${repo.owner.login}/${repo.name}`;
      return {
        status: 200,
        body: {
          name: branch,
          commit: { sha, url: `${api}/commits/${sha}` },
          _links: { self: `${api}/branches/${branch}`, html: `${ctx.shapes.webBase}/${repo.owner.login}/${repo.name}/tree/${branch}` },
          protected: checks.length > 0,
          protection: checks.length > 0
            ? { enabled: true, required_status_checks: { enforcement_level: "non_admins", contexts: checks, checks: checks.map((context) => ({ context, app_id: null })) } }
            : { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
          protection_url: `${api}/branches/${branch}/protection`,
        },
      };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/labels",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      return { status: 200, list: [...repo.labels.values()].map((l) => ctx.shapes.label(repo, l)) };
    },
  },

  // --- issues ---
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const state = req.query.get("state") ?? "open";
      const labels = (req.query.get("labels") ?? "").split(",").filter(Boolean).map((l) => l.toLowerCase());
      const direction = req.query.get("direction") ?? "desc";
      const issues = repo.issues
        .filter((i) => state === "all" || i.state === state)
        .filter((i) => labels.every((l) => i.labels.some((x) => x.toLowerCase() === l)))
        .sort((a, b) => (direction === "asc" ? a.number - b.number : b.number - a.number));
      return { status: 200, list: issues.map((i) => ctx.shapes.issue(repo, i)) };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/issues",
    createsContent: true,
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const assignees = ((req.body.assignees ?? []) as string[]).map((l) => userByLogin(ctx, l));
      const issue = ctx.world.createIssue(repo, actorOf(req, ctx), { title: req.body.title, body: req.body.body ?? "", labels: labelNames(req.body.labels ?? []), assignees });
      return { status: 201, body: ctx.shapes.issue(repo, issue) };
    },
  },
  { method: "GET", path: "/repos/{owner}/{repo}/issues/{issue_number}", handle: (req, ctx) => { const { repo, issue } = issueOf(req, ctx); return { status: 200, body: ctx.shapes.issue(repo, issue) }; } },
  {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/issues/{issue_number}",
    handle: (req, ctx) => {
      const { repo, issue } = issueOf(req, ctx);
      const actor = actorOf(req, ctx);
      const body = req.body;
      const edited = (body.title !== undefined && body.title !== issue.title) || (body.body !== undefined && body.body !== issue.body);
      if (body.title !== undefined) issue.title = body.title;
      if (body.body !== undefined) issue.body = body.body ?? "";
      if (body.assignees !== undefined) issue.assignees = (body.assignees as string[]).map((l) => userByLogin(ctx, l));
      if (body.labels !== undefined) setLabels(ctx, repo, issue, labelNames(body.labels), actor);
      issue.updated_at = ctx.world.now();
      if (edited) ctx.world.emit({ event: issue.pull ? "pull_request" : "issues", action: "edited", repo, sender: actor, objects: { [issue.pull ? "pull_request" : "issue"]: issue } });
      if (body.state !== undefined && body.state !== issue.state) {
        issue.state = body.state;
        issue.closed_at = body.state === "closed" ? ctx.world.now() : null;
        issue.state_reason = body.state === "closed" ? (body.state_reason ?? "completed") : "reopened";
        ctx.world.emit({ event: issue.pull ? "pull_request" : "issues", action: body.state === "closed" ? "closed" : "reopened", repo, sender: actor, objects: { [issue.pull ? "pull_request" : "issue"]: issue } });
      }
      return { status: 200, body: ctx.shapes.issue(repo, issue) };
    },
  },

  // --- comments and reactions ---
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    handle: (req, ctx) => {
      const { repo, issue } = issueOf(req, ctx);
      return { status: 200, list: issue.comments.map((c) => ctx.shapes.comment(repo, c)) };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    createsContent: true,
    handle: (req, ctx) => {
      const { repo, issue } = issueOf(req, ctx);
      const comment = ctx.world.addComment(repo, issue, actorOf(req, ctx), req.body.body);
      return { status: 201, body: ctx.shapes.comment(repo, comment) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const comment = ctx.world.findComment(repo, Number(req.params.comment_id));
      if (!comment) throw notFound();
      return { status: 200, body: ctx.shapes.comment(repo, comment) };
    },
  },
  {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const comment = ctx.world.findComment(repo, Number(req.params.comment_id));
      if (!comment) throw notFound();
      if (comment.user.id !== actorOf(req, ctx).id) throw new HttpError(403, "Resource not accessible by integration");
      ctx.world.editComment(repo, comment, actorOf(req, ctx), req.body.body);
      return { status: 200, body: ctx.shapes.comment(repo, comment) };
    },
  },
  {
    method: "DELETE",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const comment = ctx.world.findComment(repo, Number(req.params.comment_id));
      if (!comment) throw notFound();
      const issue = ctx.world.issue(repo, comment.issueNumber) as Issue;
      issue.comments = issue.comments.filter((c) => c.id !== comment.id);
      return { status: 204 };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const comment = ctx.world.findComment(repo, Number(req.params.comment_id));
      if (!comment) throw notFound();
      const content = req.query.get("content");
      return { status: 200, list: comment.reactions.filter((r) => !content || r.content === content).map((r) => ctx.shapes.reaction(r)) };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const comment = ctx.world.findComment(repo, Number(req.params.comment_id));
      if (!comment) throw notFound();
      const existed = comment.reactions.some((r) => r.user.id === actorOf(req, ctx).id && r.content === req.body.content);
      const reaction = ctx.world.react(comment, actorOf(req, ctx), req.body.content);
      return { status: existed ? 200 : 201, body: ctx.shapes.reaction(reaction) };
    },
  },

  // --- labels ---
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    handle: (req, ctx) => {
      const { repo, issue } = issueOf(req, ctx);
      return { status: 200, list: issue.labels.map((n) => ctx.shapes.label(repo, ctx.world.ensureRepoLabel(repo, n))) };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    handle: (req, ctx) => {
      const { repo, issue } = issueOf(req, ctx);
      setLabels(ctx, repo, issue, [...issue.labels, ...labelNames(req.body)], actorOf(req, ctx));
      return { status: 200, body: issue.labels.map((n) => ctx.shapes.label(repo, ctx.world.ensureRepoLabel(repo, n))) };
    },
  },
  {
    method: "PUT",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    handle: (req, ctx) => {
      const { repo, issue } = issueOf(req, ctx);
      setLabels(ctx, repo, issue, labelNames(req.body), actorOf(req, ctx));
      return { status: 200, body: issue.labels.map((n) => ctx.shapes.label(repo, ctx.world.ensureRepoLabel(repo, n))) };
    },
  },
  {
    method: "DELETE",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
    handle: (req, ctx) => {
      const { repo, issue } = issueOf(req, ctx);
      const name = req.params.name ?? "";
      if (!issue.labels.some((l) => l.toLowerCase() === name.toLowerCase())) throw new HttpError(404, "Label does not exist");
      setLabels(ctx, repo, issue, issue.labels.filter((l) => l.toLowerCase() !== name.toLowerCase()), actorOf(req, ctx));
      return { status: 200, body: issue.labels.map((n) => ctx.shapes.label(repo, ctx.world.ensureRepoLabel(repo, n))) };
    },
  },

  // --- checks ---
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/commits/{ref}/check-runs",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const sha = repo.branches.get(req.params.ref ?? "") ?? req.params.ref;
      const name = req.query.get("check_name");
      let runs = repo.checkRuns.filter((r) => r.head_sha === sha && (!name || r.name === name));
      if ((req.query.get("filter") ?? "latest") === "latest") {
        // GitHub keeps only the most recent run per name in "latest".
        const latest = new Map<string, CheckRun>();
        for (const run of runs) if (!latest.has(run.name) || (latest.get(run.name) as CheckRun).id < run.id) latest.set(run.name, run);
        runs = [...latest.values()];
      }
      return { status: 200, list: runs.sort((a, b) => b.id - a.id).map((r) => ctx.shapes.checkRun(repo, r)), listKey: "check_runs" };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/check-runs",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const b = req.body;
      const run: CheckRun = {
        id: ctx.world.nextId(),
        name: b.name,
        head_sha: b.head_sha,
        external_id: b.external_id ?? "",
        status: b.conclusion ? "completed" : (b.status ?? "queued"),
        conclusion: b.conclusion ?? null,
        details_url: b.details_url ?? null,
        output: { title: b.output?.title ?? null, summary: b.output?.summary ?? null, text: b.output?.text ?? null },
        started_at: b.started_at ?? ctx.world.now(),
        completed_at: b.conclusion ? (b.completed_at ?? ctx.world.now()) : null,
      };
      repo.checkRuns.push(run);
      return { status: 201, body: ctx.shapes.checkRun(repo, run) };
    },
  },
  {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/check-runs/{check_run_id}",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const run = repo.checkRuns.find((r) => r.id === Number(req.params.check_run_id));
      if (!run) throw notFound();
      const b = req.body;
      if (b.name !== undefined) run.name = b.name;
      if (b.external_id !== undefined) run.external_id = b.external_id;
      if (b.details_url !== undefined) run.details_url = b.details_url;
      if (b.status !== undefined) run.status = b.status;
      if (b.conclusion !== undefined) {
        run.conclusion = b.conclusion;
        run.status = "completed";
        run.completed_at = b.completed_at ?? ctx.world.now();
      }
      if (b.output !== undefined) run.output = { title: b.output.title ?? null, summary: b.output.summary ?? null, text: b.output.text ?? null };
      return { status: 200, body: ctx.shapes.checkRun(repo, run) };
    },
  },

  // --- pull requests ---
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const state = req.query.get("state") ?? "open";
      // `head` is `user:ref` (GitHub filters by the head branch); `sort=updated` is newest first.
      const head = req.query.get("head")?.replace(/^[^:]+:/, "");
      const pulls = repo.issues
        .filter((i) => i.pull && (state === "all" || i.state === state) && (head === undefined || i.pull.head.ref === head))
        .sort((a, b) => b.number - a.number);
      return { status: 200, list: pulls.map((p) => ctx.shapes.pull(repo, p)) };
    },
  },
  { method: "GET", path: "/repos/{owner}/{repo}/pulls/{pull_number}", handle: (req, ctx) => { const { repo, issue } = pullOf(req, ctx); return { status: 200, body: ctx.shapes.pull(repo, issue) }; } },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/pulls",
    createsContent: true,
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const head = String(req.body.head ?? "").replace(/^[^:]+:/, "");
      if (!repo.branches.has(head)) throw new HttpError(422, "Validation Failed", { errors: [{ resource: "PullRequest", field: "head", code: "invalid" }] });
      if (repo.issues.some((i) => i.pull && i.state === "open" && i.pull.head.ref === head)) {
        throw new HttpError(422, "Validation Failed", { errors: [{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${repo.owner.login}:${head}.` }] });
      }
      const issue = ctx.world.openPullFromBranch(repo, actorOf(req, ctx), { title: req.body.title, body: req.body.body ?? "", head, base: req.body.base, draft: req.body.draft });
      return { status: 201, body: ctx.shapes.pull(repo, issue) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/git/ref/{ref}",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const ref = req.params.ref ?? "";
      const sha = ref.startsWith("heads/") ? repo.branches.get(ref.slice("heads/".length)) : undefined;
      if (!sha) throw notFound();
      return { status: 200, body: { ref: `refs/${ref}`, node_id: `REF_${sha.slice(0, 12)}`, url: `${ctx.shapes.apiBase}/repos/${repo.owner.login}/${repo.name}/git/refs/${ref}`, object: { type: "commit", sha, url: `${ctx.shapes.apiBase}/repos/${repo.owner.login}/${repo.name}/git/commits/${sha}` } } };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/git/refs",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const ref = String(req.body.ref ?? "");
      if (!ref.startsWith("refs/heads/")) throw new HttpError(422, "Reference name must start with refs/heads/ in the simulator");
      const branch = ref.slice("refs/heads/".length);
      if (repo.branches.has(branch)) throw new HttpError(422, "Reference already exists");
      if (!repo.commits.has(req.body.sha)) throw new HttpError(422, "Object does not exist");
      repo.branches.set(branch, req.body.sha);
      return { status: 201, body: { ref, node_id: `REF_${String(req.body.sha).slice(0, 12)}`, url: `${ctx.shapes.apiBase}/repos/${repo.owner.login}/${repo.name}/git/${ref}`, object: { type: "commit", sha: req.body.sha, url: `${ctx.shapes.apiBase}/repos/${repo.owner.login}/${repo.name}/git/commits/${req.body.sha}` } } };
    },
  },
  {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}",
    handle: (req, ctx) => {
      const { repo, issue } = pullOf(req, ctx);
      const actor = actorOf(req, ctx);
      if (req.body.title !== undefined) issue.title = req.body.title;
      if (req.body.body !== undefined) issue.body = req.body.body ?? "";
      if (req.body.state !== undefined && req.body.state !== issue.state && !requirePull(issue).merged) {
        issue.state = req.body.state;
        issue.closed_at = req.body.state === "closed" ? ctx.world.now() : null;
        ctx.world.emit({ event: "pull_request", action: req.body.state === "closed" ? "closed" : "reopened", repo, sender: actor, objects: { pull_request: issue } });
      }
      issue.updated_at = ctx.world.now();
      return { status: 200, body: ctx.shapes.pull(repo, issue) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/files",
    handle: (req, ctx) => {
      const { repo, issue } = pullOf(req, ctx);
      const files = ctx.world.pullFiles(repo, issue).map((f) => ({
        ...f,
        blob_url: `${ctx.shapes.webBase}/${repo.owner.login}/${repo.name}/blob/${f.sha}/${f.filename}`,
        raw_url: `${ctx.shapes.webBase}/${repo.owner.login}/${repo.name}/raw/${f.sha}/${f.filename}`,
        contents_url: `${ctx.shapes.apiBase}/repos/${repo.owner.login}/${repo.name}/contents/${f.filename}?ref=${requirePull(issue).head.sha}`,
      }));
      return { status: 200, list: files.slice(0, 3000) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/commits",
    handle: (req, ctx) => {
      const { repo, issue } = pullOf(req, ctx);
      // GitHub lists at most 250 commits of a pull request.
      return { status: 200, list: ctx.world.pullCommits(repo, issue).slice(0, 250).map((c) => ctx.shapes.commit(repo, c)) };
    },
  },
  {
    method: "PUT",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
    handle: (req, ctx) => {
      const { repo, issue } = pullOf(req, ctx);
      const pull = requirePull(issue);
      if (pull.merged || issue.state === "closed") throw new HttpError(405, "Pull Request is not mergeable");
      if (req.body?.sha && req.body.sha !== pull.head.sha) throw new HttpError(409, "Head branch was modified. Review and try the merge again.");
      const sha = ctx.world.mergePull(repo, issue, actorOf(req, ctx));
      return { status: 200, body: { sha, merged: true, message: "Pull Request successfully merged" } };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    handle: (req, ctx) => {
      const { issue } = pullOf(req, ctx);
      return { status: 200, body: { users: requirePull(issue).requested_reviewers.map((u) => ctx.shapes.user(u)), teams: [] } };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    createsContent: true,
    handle: (req, ctx) => {
      const { repo, issue } = pullOf(req, ctx);
      const pull = requirePull(issue);
      for (const login of (req.body.reviewers ?? []) as string[]) {
        const user = userByLogin(ctx, login);
        if (user.id === issue.user.id) throw new HttpError(422, "Review cannot be requested from pull request author.");
        if (!pull.requested_reviewers.some((r) => r.id === user.id)) {
          pull.requested_reviewers.push(user);
          ctx.world.emit({ event: "pull_request", action: "review_requested", repo, sender: actorOf(req, ctx), objects: { pull_request: issue, requested_reviewer: user } });
        }
      }
      return { status: 201, body: ctx.shapes.pull(repo, issue) };
    },
  },
  {
    method: "DELETE",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    handle: (req, ctx) => {
      const { repo, issue } = pullOf(req, ctx);
      const pull = requirePull(issue);
      const remove = new Set(((req.body.reviewers ?? []) as string[]).map((l) => l.toLowerCase()));
      pull.requested_reviewers = pull.requested_reviewers.filter((r) => !remove.has(r.login.toLowerCase()));
      return { status: 200, body: ctx.shapes.pull(repo, issue) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    handle: (req, ctx) => {
      const { repo, issue } = pullOf(req, ctx);
      return { status: 200, list: requirePull(issue).reviews.map((r) => ctx.shapes.review(repo, issue, r)) };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    createsContent: true,
    handle: (req, ctx) => {
      const { repo, issue } = pullOf(req, ctx);
      const state = ({ APPROVE: "APPROVED", REQUEST_CHANGES: "CHANGES_REQUESTED", COMMENT: "COMMENTED" } as const)[req.body.event as "APPROVE"] ?? "PENDING";
      const review = ctx.world.submitReview(repo, issue, actorOf(req, ctx), state, req.body.body ?? "");
      return { status: 200, body: ctx.shapes.review(repo, issue, review) };
    },
  },

  // --- repository security advisories ---
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/security-advisories",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const state = req.query.get("state");
      return { status: 200, list: repo.advisories.filter((a) => !state || a.state === state).map((a) => ctx.shapes.advisory(repo, a)) };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/security-advisories",
    createsContent: true,
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const advisory = ctx.world.reportVulnerability(repo, actorOf(req, ctx), { summary: req.body.summary, description: req.body.description, severity: req.body.severity ?? null });
      advisory.state = "draft";
      if (req.body.vulnerabilities) advisory.vulnerabilities = req.body.vulnerabilities;
      return { status: 201, body: ctx.shapes.advisory(repo, advisory) };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/security-advisories/reports",
    createsContent: true,
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      if (!repo.privateVulnerabilityReporting) throw new HttpError(403, "Private vulnerability reporting is not enabled for this repository.");
      const advisory = ctx.world.reportVulnerability(repo, actorOf(req, ctx), { summary: req.body.summary, description: req.body.description, severity: req.body.severity ?? null });
      return { status: 201, body: ctx.shapes.advisory(repo, advisory) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/security-advisories/{ghsa_id}",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const advisory = ctx.world.advisory(repo, req.params.ghsa_id ?? "");
      if (!advisory) throw notFound();
      return { status: 200, body: ctx.shapes.advisory(repo, advisory) };
    },
  },
  {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/security-advisories/{ghsa_id}",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const advisory = ctx.world.advisory(repo, req.params.ghsa_id ?? "");
      if (!advisory) throw notFound();
      updateAdvisory(ctx, repo, advisory, req.body, actorOf(req, ctx));
      return { status: 200, body: ctx.shapes.advisory(repo, advisory) };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/security-advisories/{ghsa_id}/cve",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const advisory = ctx.world.advisory(repo, req.params.ghsa_id ?? "");
      if (!advisory) throw notFound();
      if (repo.private) throw new HttpError(422, "CVE identifiers can only be requested for advisories in public repositories.");
      if (advisory.cve_requested || advisory.cve_id) throw new HttpError(422, "A CVE identifier has already been requested for this advisory.");
      advisory.cve_requested = true;
      return { status: 202, body: {} };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/security-advisories/{ghsa_id}/forks",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const advisory = ctx.world.advisory(repo, req.params.ghsa_id ?? "");
      if (!advisory) throw notFound();
      if (!advisory.private_fork) {
        const files = Object.fromEntries(ctx.world.filesAt(repo) ?? new Map());
        advisory.private_fork = ctx.world.addRepo(repo.owner, `${repo.name}-${advisory.ghsa_id.toLowerCase()}`, { private: true, files });
      }
      return { status: 202, body: ctx.shapes.repo(advisory.private_fork) };
    },
  },
  {
    method: "GET",
    path: "/orgs/{org}/security-advisories",
    handle: (req, ctx) => {
      const state = req.query.get("state");
      const list = ctx.world.repos
        .filter((r) => r.owner.login.toLowerCase() === (req.params.org ?? "").toLowerCase())
        .flatMap((r) => r.advisories.filter((a) => !state || a.state === state).map((a) => ctx.shapes.advisory(r, a)));
      return { status: 200, list };
    },
  },

  // --- global security advisories ---
  {
    // https://docs.github.com/en/rest/security-advisories/global-advisories#list-global-security-advisories
    method: "GET",
    path: "/advisories",
    handle: (req, ctx) => {
      const q = req.query;
      const type = q.get("type") ?? "reviewed";
      const ecosystem = q.get("ecosystem");
      const affects = (q.get("affects") ?? "").split(",").map((a) => a.trim()).filter(Boolean);
      const updated = /^>=(\d{4}-\d\d-\d\d)$/.exec(q.get("updated") ?? "")?.[1];
      const withdrawn = q.get("is_withdrawn");
      const list = ctx.world.globalAdvisories
        .filter((a) => a.type === type)
        .filter((a) => !ecosystem || a.vulnerabilities.some((v) => v.package.ecosystem === ecosystem))
        .filter((a) => affects.length === 0 || a.vulnerabilities.some((v) => affects.includes(v.package.name)))
        .filter((a) => !updated || a.updated_at.slice(0, 10) >= updated)
        .filter((a) => withdrawn === null || (withdrawn === "true") === (a.withdrawn_at !== null))
        .sort((a, b) => (q.get("direction") === "asc" ? 1 : -1) * a.updated_at.localeCompare(b.updated_at));
      return { status: 200, list };
    },
  },

  // --- code security alerts: the state the latest alert event gave them ---
  ...(
    [
      ["dependabot", "dependabot_alert"],
      ["code-scanning", "code_scanning_alert"],
      ["secret-scanning", "secret_scanning_alert"],
    ] as const
  ).map(([path, event]) => ({
    method: "GET" as const,
    path: `/repos/{owner}/{repo}/${path}/alerts/{alert_number}`,
    handle: (req: SimRequest, ctx: RouteContext) => {
      const alert = repoOf(req, ctx).alerts.get(`${event}:${Number(req.params.alert_number)}`);
      if (!alert) throw notFound();
      // `hide_secret=true` leaves the secret literal out of a secret scanning alert.
      const { secret, ...rest } = alert;
      return { status: 200, body: req.query.get("hide_secret") === "true" ? rest : { ...rest, secret } };
    },
  })),

  // --- teams, collaborators, users ---
  {
    method: "GET",
    path: "/orgs/{org}/teams/{team_slug}/members",
    handle: (req, ctx) => {
      const team = ctx.world.team(req.params.org ?? "", req.params.team_slug ?? "");
      if (!team) throw notFound();
      return { status: 200, list: [...team.members.keys()].map((id) => ctx.shapes.user(ctx.world.accounts.get(id) as Account)) };
    },
  },
  {
    method: "GET",
    path: "/orgs/{org}/teams/{team_slug}/memberships/{username}",
    handle: (req, ctx) => {
      const team = ctx.world.team(req.params.org ?? "", req.params.team_slug ?? "");
      const user = ctx.world.findAccount(req.params.username ?? "");
      const role = user ? (team?.members.get(user.id) ?? team?.invited.get(user.id)) : undefined;
      if (!team || !user || role === undefined) throw notFound();
      return { status: 200, body: { url: `${ctx.shapes.apiBase}/orgs/${team.org.login}/teams/${team.slug}/memberships/${user.login}`, role, state: team.members.has(user.id) ? "active" : "pending" } };
    },
  },
  {
    method: "PUT",
    path: "/orgs/{org}/teams/{team_slug}/memberships/{username}",
    handle: (req, ctx) => {
      const team = ctx.world.team(req.params.org ?? "", req.params.team_slug ?? "");
      if (!team) throw notFound();
      const user = userByLogin(ctx, req.params.username ?? "");
      const role = req.body?.role ?? "member";
      // GitHub invites someone outside the organization; they join the team once they accept.
      const pending = ctx.world.outsideOrg.has(user.id) && !team.members.has(user.id);
      (pending ? team.invited : team.members).set(user.id, role);
      return { status: 200, body: { url: `${ctx.shapes.apiBase}/orgs/${team.org.login}/teams/${team.slug}/memberships/${user.login}`, role, state: pending ? "pending" : "active" } };
    },
  },
  {
    method: "DELETE",
    path: "/orgs/{org}/teams/{team_slug}/memberships/{username}",
    handle: (req, ctx) => {
      const team = ctx.world.team(req.params.org ?? "", req.params.team_slug ?? "");
      const user = ctx.world.findAccount(req.params.username ?? "");
      if (!team || !user) throw notFound();
      team.members.delete(user.id);
      team.invited.delete(user.id);
      return { status: 204 };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/collaborators",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      return {
        status: 200,
        list: [...repo.collaborators.entries()].map(([id, role]) => ({ ...ctx.shapes.user(ctx.world.accounts.get(id) as Account), role_name: role, permissions: { admin: role === "admin", maintain: role === "maintain", push: ["admin", "maintain", "write"].includes(role), triage: role !== "read", pull: true } })),
      };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/collaborators/{username}",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const user = ctx.world.findAccount(req.params.username ?? "");
      if (!user || permissionOf(repo, user) === "none") throw notFound();
      return { status: 204 };
    },
  },
  {
    method: "PUT",
    path: "/repos/{owner}/{repo}/collaborators/{username}",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const user = userByLogin(ctx, req.params.username ?? "");
      const existed = repo.collaborators.has(user.id);
      const permission = (req.body?.permission ?? "push") as string;
      repo.collaborators.set(user.id, ({ pull: "read", push: "write", admin: "admin", maintain: "maintain", triage: "triage" } as const)[permission as "pull"] ?? "write");
      return existed ? { status: 204 } : { status: 201, body: { id: ctx.world.nextId(), invitee: ctx.shapes.user(user), permissions: permission } };
    },
  },
  {
    method: "DELETE",
    path: "/repos/{owner}/{repo}/collaborators/{username}",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const user = ctx.world.findAccount(req.params.username ?? "");
      if (user) repo.collaborators.delete(user.id);
      return { status: 204 };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/collaborators/{username}/permission",
    handle: (req, ctx) => {
      const repo = repoOf(req, ctx);
      const user = userByLogin(ctx, req.params.username ?? "");
      const permission = permissionOf(repo, user);
      const legacy = ({ admin: "admin", maintain: "write", write: "write", triage: "read", read: "read", none: "none" } as Record<string, string>)[permission];
      return { status: 200, body: { permission: legacy, role_name: permission, user: ctx.shapes.user(user) } };
    },
  },
  {
    method: "GET",
    path: "/users/{username}",
    handle: (req, ctx) => {
      const user = ctx.world.findAccount(req.params.username ?? "");
      if (!user) throw notFound();
      return { status: 200, body: { ...ctx.shapes.user(user), name: user.name ?? null } };
    },
  },
  {
    method: "GET",
    path: "/search/issues",
    handle: (req, ctx) => {
      // The qualifiers secwg uses: is:pr|issue, is:open|closed, label:, review-requested:, author:, org:|user:|repo:,
      // updated:>=DAY|<=DAY|>DAY|<DAY|DAY..DAY, in:title|body|comments, and free words (GitHub's default: title, body and comments).
      const tokens = (req.query.get("q") ?? "").match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
      const filters = tokens.map((t) => {
        const [key, ...rest] = t.split(":");
        return { key: (key ?? "").toLowerCase(), value: rest.join(":").replace(/"/g, "").toLowerCase() };
      });
      const words = tokens.filter((t) => !/^[a-z-]+:/i.test(t)).map((t) => t.replace(/"/g, "").toLowerCase());
      const where = filters.filter((f) => f.key === "in").flatMap((f) => f.value.split(","));
      const inDay = (at: string, value: string) => {
        const day = at.slice(0, 10);
        const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(value);
        if (range) return day >= (range[1] as string) && day <= (range[2] as string);
        const op = /^(>=|<=|>|<)?(\d{4}-\d{2}-\d{2})$/.exec(value);
        if (!op) return true;
        const bound = op[2] as string;
        return op[1] === ">=" ? day >= bound : op[1] === "<=" ? day <= bound : op[1] === ">" ? day > bound : op[1] === "<" ? day < bound : day === bound;
      };
      const items: Array<{ repo: Repo; issue: Issue }> = [];
      for (const repo of ctx.world.repos) {
        for (const issue of repo.issues) {
          const ok = filters.every(({ key, value }) => {
            switch (key) {
              case "is":
                return value === "pr" ? !!issue.pull : value === "issue" ? !issue.pull : value === issue.state;
              case "state":
                return value === issue.state;
              case "label":
                return issue.labels.some((l) => l.toLowerCase() === value);
              case "review-requested":
                return !!issue.pull?.requested_reviewers.some((u) => u.login.toLowerCase() === value);
              case "author":
                return issue.user.login.toLowerCase() === value;
              case "org":
              case "user":
                return repo.owner.login.toLowerCase() === value;
              case "repo":
                return `${repo.owner.login}/${repo.name}`.toLowerCase() === value;
              case "updated":
                return inDay(issue.updated_at, value);
              default:
                return true;
            }
          });
          const texts = [
            ...(where.length === 0 || where.includes("title") ? [issue.title] : []),
            ...(where.length === 0 || where.includes("body") ? [issue.body ?? ""] : []),
            ...(where.length === 0 || where.includes("comments") ? issue.comments.map((c) => c.body) : []),
          ].map((t) => t.toLowerCase());
          if (ok && !words.every((w) => texts.some((t) => t.includes(w)))) continue;
          if (ok) items.push({ repo, issue });
        }
      }
      return { status: 200, list: items.map(({ repo, issue }) => ({ ...ctx.shapes.issue(repo, issue), score: 1 })), listKey: "items" };
    },
  },
  {
    method: "GET",
    path: "/user/{account_id}",
    handle: (req, ctx) => {
      const user = ctx.world.accounts.get(Number(req.params.account_id));
      if (!user) throw notFound();
      return { status: 200, body: { ...ctx.shapes.user(user), name: user.name ?? null } };
    },
  },
];

/** Adds routes (for features that need operations not listed above); later entries win. */
export function addRoutes(routes: Route[]): void {
  for (const route of routes) {
    const index = ROUTES.findIndex((r) => r.method === route.method && r.path === route.path);
    if (index >= 0) ROUTES.splice(index, 1, route);
    else ROUTES.push(route);
  }
}
