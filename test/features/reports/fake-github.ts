import nock from "nock";
import { API } from "../../helpers/probot.js";

/**
 * A stateful stand-in for the GitHub REST paths the reports feature uses, answering with GitHub's
 * field names: repositories, config and roster files, tracker issues and comments, one repository
 * security advisory, git refs, contents and pull requests of the group repository. Every request is
 * recorded with its body so tests can count writes and search bodies for leaked text. A request it
 * does not know fails the test.
 */

export const OWNER = "Codertocat";
export const CODE_REPO = "Hello-World";
export const TRACKER = "security-tracker";
export const GROUP = "security-wg";
export const BOT = { login: "secwg[bot]", id: 99, type: "Bot" };

export const ROSTER = `members:
  - { login: alice, id: 1001, roles: [chair], tracker_access: true }
  - { login: bob, id: 1002, roles: [co-chair], tracker_access: true }
  - { login: carol, id: 1003, roles: [board-liaison], tracker_access: false }
  - { login: dave, id: 1004, roles: [member], tracker_access: true }
  - { login: erin, id: 1005, roles: [member], tracker_access: false }
`;

const ID_OF: Record<string, number> = { alice: 1001, bob: 1002, carol: 1003, dave: 1004, erin: 1005 };

export interface RecordedRequest {
  method: string;
  path: string;
  /** `owner/repo` the request addresses, or the first path segment for others. */
  target: string;
  body: string;
}

interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason: string | null;
  labels: { name: string }[];
  assignees: { login: string; id: number; type: string }[];
  comments: { id: number; body: string; user: { login: string; id: number; type: string }; html_url: string; created_at: string; updated_at: string }[];
}

export class FakeGitHub {
  config = "";
  roster = ROSTER;
  repos: Record<string, { private: boolean }> = {
    [`${OWNER}/${CODE_REPO}`]: { private: false },
    [`${OWNER}/${TRACKER}`]: { private: true },
    [`${OWNER}/${GROUP}`]: { private: false },
  };
  issues: FakeIssue[] = [];
  advisory: any;
  /** Files of the group repository: `ref:path` → text. */
  files = new Map<string, string>();
  refs = new Set<string>(["main"]);
  pulls: { number: number; head: string; title: string; body: string; state: string }[] = [];
  requests: RecordedRequest[] = [];
  unknown: string[] = [];
  /** Answer for GET /orgs/{org}/security-advisories (404 for a personal account). */
  orgAdvisories: "not-found" | "list" = "not-found";
  /** Accounts renamed since the roster was written: id → current login. */
  renamed = new Map<number, string>();
  /** Accounts that no longer exist. */
  deletedAccounts = new Set<number>();
  private nextId = 7000;

  constructor(advisory: any) {
    this.advisory = structuredClone(advisory);
  }

  get writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== "GET" && !r.path.includes("/access_tokens"));
  }

  trackerIssue(number = 1): FakeIssue {
    const issue = this.issues.find((i) => i.number === number);
    if (!issue) throw new Error(`no tracker issue #${number}`);
    return issue;
  }

  /** Adds a comment as a person (a command) and returns its id. */
  comment(issueNumber: number, body: string, user: { login: string; id: number }): number {
    const id = this.nextId++;
    this.trackerIssue(issueNumber).comments.push(this.commentOf(id, body, { ...user, type: "User" }));
    return id;
  }

  install(): void {
    const scope = nock(API).persist();
    const handler = (method: string) =>
      function (this: { req: { headers: Record<string, string | string[] | undefined> } }, uri: string, body: unknown) {
        return fake.handle(method, uri, body, String(this.req.headers.accept ?? ""));
      };
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const fake = this;
    for (const method of ["get", "post", "patch", "put"] as const) {
      scope[method](/.*/).optionally().reply(handler(method.toUpperCase()) as any);
    }
  }

  private commentOf(id: number, body: string, user: { login: string; id: number; type: string }) {
    return { id, body, user, html_url: `https://github.com/${OWNER}/${TRACKER}/issues/1#issuecomment-${id}`, created_at: "2026-11-25T12:00:00Z", updated_at: "2026-11-25T12:00:00Z" };
  }

  private repoJson(full: string) {
    const [owner, name] = full.split("/");
    const info = this.repos[full];
    if (!info) return null;
    return { id: 1, name, full_name: full, private: info.private, default_branch: "main", html_url: `https://github.com/${full}`, owner: { login: owner, type: "User" } };
  }

  private issueJson(issue: FakeIssue) {
    return {
      id: issue.number,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.state_reason,
      labels: issue.labels,
      assignees: issue.assignees,
      html_url: `https://github.com/${OWNER}/${TRACKER}/issues/${issue.number}`,
      user: BOT,
    };
  }

  handle(method: string, uri: string, rawBody: unknown, accept: string): [number, unknown] {
    const url = new URL(uri, API);
    const path = decodeURIComponent(url.pathname);
    const body: any = typeof rawBody === "string" && rawBody !== "" ? JSON.parse(rawBody) : rawBody ?? {};
    const repoMatch = /^\/repos\/([^/]+\/[^/]+)(\/.*)?$/.exec(path);
    const target = repoMatch ? (repoMatch[1] as string) : path.split("/")[1] ?? "";
    this.requests.push({ method, path: `${path}${url.search}`, target, body: rawBody === undefined || rawBody === "" ? "" : JSON.stringify(body) });
    // The app's identity: GET /app (slug) then its bot account by login.
    if (method === "GET" && path === "/app") return [200, { id: 123, slug: "secwg", name: "secwg", owner: { login: OWNER, id: 1, type: "User" }, permissions: {}, events: [] }];
    if (method === "GET" && path === `/users/${BOT.login}`) return [200, BOT];
    // A person by numeric id, with the login the account has now (renamed accounts in `renamed`).
    const byId = /^\/user\/(\d+)$/.exec(path);
    if (method === "GET" && byId) {
      const id = Number(byId[1]);
      if (this.deletedAccounts.has(id)) return [404, { message: "Not Found" }];
      const login = this.renamed.get(id) ?? Object.entries(ID_OF).find(([, v]) => v === id)?.[0];
      return login ? [200, { login, id, type: "User" }] : [404, { message: "Not Found" }];
    }
    if (path.startsWith("/app/installations/")) return [201, { token: "ghs_testtoken000000000000000000000000", expires_at: "2099-01-01T00:00:00Z", permissions: {} }];
    if (method === "GET" && path === `/orgs/${OWNER}/security-advisories`) {
      return this.orgAdvisories === "list" ? [200, ["triage", "draft"].includes(this.advisory.state) && url.searchParams.get("state") === this.advisory.state ? [this.advisory] : []] : [404, { message: "Not Found" }];
    }
    if (method === "GET" && path === "/installation/repositories") {
      return [200, { total_count: 1, repositories: [{ ...this.repoJson(`${OWNER}/${CODE_REPO}`) }] }];
    }
    if (!repoMatch) return this.unknownRoute(method, path);
    const full = repoMatch[1] as string;
    const rest = repoMatch[2] ?? "";

    if (method === "GET" && rest === "") return this.repoJson(full) ? [200, this.repoJson(full)] : [404, { message: "Not Found" }];
    if (method === "GET" && rest === "/contents/.github/secwg.yml") return this.config ? [200, this.config] : [404, { message: "Not Found" }];
    if (method === "GET" && full === `${OWNER}/${GROUP}` && rest === "/contents/MEMBERS.yml") return [200, this.roster];

    // --- advisory ---
    const adv = /^\/security-advisories(?:\/([^/]+))?(\/cve|\/forks)?$/.exec(rest);
    if (adv && full === `${OWNER}/${CODE_REPO}`) {
      const ghsa = adv[1];
      if (!ghsa && method === "GET") return [200, url.searchParams.get("state") === this.advisory.state ? [this.advisory] : []];
      if (ghsa !== this.advisory.ghsa_id) return [404, { message: "Not Found" }];
      if (method === "GET" && !adv[2]) return [200, this.advisory];
      if (method === "PATCH" && !adv[2]) {
        Object.assign(this.advisory, body);
        this.advisory.updated_at = "2026-11-25T12:00:00Z";
        if (body.collaborating_users) this.advisory.collaborating_users = body.collaborating_users.map((login: string) => ({ login, id: ID_OF[login] ?? 2000, type: "User" }));
        if (body.state === "published") this.advisory.published_at = "2026-12-09T14:00:05Z";
        return [200, this.advisory];
      }
      if (method === "POST" && adv[2] === "/cve") return [202, {}];
      if (method === "POST" && adv[2] === "/forks") {
        this.advisory.private_fork = { html_url: `https://github.com/${OWNER}/${CODE_REPO}-ghsa-8r4v-5x2w-9q7c` };
        return [202, { ...this.repoJson(`${OWNER}/${CODE_REPO}`), html_url: this.advisory.private_fork.html_url, private: true }];
      }
    }

    // --- tracker issues ---
    if (full === `${OWNER}/${TRACKER}`) {
      if (method === "GET" && rest === "/issues") {
        const label = url.searchParams.get("labels");
        const state = url.searchParams.get("state") ?? "open";
        return [200, this.issues.filter((i) => (!label || i.labels.some((l) => l.name === label)) && (state === "all" || i.state === state)).map((i) => this.issueJson(i))];
      }
      if (method === "POST" && rest === "/issues") {
        const issue: FakeIssue = {
          number: this.issues.length + 1,
          title: body.title,
          body: body.body,
          state: "open",
          state_reason: null,
          labels: (body.labels ?? []).map((name: string) => ({ name })),
          assignees: (body.assignees ?? []).map((login: string) => ({ login, id: ID_OF[login] ?? 2000, type: "User" })),
          comments: [],
        };
        this.issues.push(issue);
        return [201, this.issueJson(issue)];
      }
      const one = /^\/issues\/(\d+)(\/comments)?$/.exec(rest);
      if (one) {
        const issue = this.issues.find((i) => i.number === Number(one[1]));
        if (!issue) return [404, { message: "Not Found" }];
        if (one[2] && method === "GET") return [200, issue.comments];
        if (one[2] && method === "POST") {
          const comment = this.commentOf(this.nextId++, body.body, BOT);
          issue.comments.push(comment);
          return [201, comment];
        }
        if (method === "GET") return [200, this.issueJson(issue)];
        if (method === "PATCH") {
          if (body.state) issue.state = body.state;
          if (body.state_reason) issue.state_reason = body.state_reason;
          if (body.body) issue.body = body.body;
          if (body.title) issue.title = body.title;
          return [200, this.issueJson(issue)];
        }
      }
    }

    // --- group repository: archive pull request ---
    if (full === `${OWNER}/${GROUP}`) {
      const ref = /^\/git\/ref\/heads\/(.+)$/.exec(rest);
      if (method === "GET" && ref) return this.refs.has(ref[1] as string) ? [200, { ref: `refs/heads/${ref[1]}`, object: { sha: "a".repeat(40), type: "commit" } }] : [404, { message: "Not Found" }];
      if (method === "POST" && rest === "/git/refs") {
        this.refs.add(String(body.ref).replace("refs/heads/", ""));
        return [201, { ref: body.ref, object: { sha: body.sha } }];
      }
      const contents = /^\/contents\/(.+)$/.exec(rest);
      if (contents) {
        const filePath = contents[1] as string;
        const branch = method === "GET" ? url.searchParams.get("ref") ?? "main" : body.branch;
        if (method === "GET") {
          const text = this.files.get(`${branch}:${filePath}`);
          if (text === undefined) return [404, { message: "Not Found" }];
          if (accept.includes("raw")) return [200, text];
          return [200, { type: "file", path: filePath, sha: `sha-${text.length}`, content: Buffer.from(text).toString("base64"), encoding: "base64" }];
        }
        if (method === "PUT") {
          this.files.set(`${branch}:${filePath}`, Buffer.from(body.content, "base64").toString("utf8"));
          return [201, { content: { path: filePath }, commit: { sha: "b".repeat(40) } }];
        }
      }
      if (method === "GET" && rest === "/pulls") {
        const head = url.searchParams.get("head")?.split(":")[1];
        return [200, this.pulls.filter((p) => p.head === head && p.state === "open").map((p) => ({ number: p.number, head: { ref: p.head } }))];
      }
      if (method === "POST" && rest === "/pulls") {
        const pull = { number: 100 + this.pulls.length, head: body.head, title: body.title, body: body.body, state: "open" };
        this.pulls.push(pull);
        return [201, { number: pull.number, html_url: `https://github.com/${OWNER}/${GROUP}/pull/${pull.number}` }];
      }
    }
    return this.unknownRoute(method, path);
  }

  private unknownRoute(method: string, path: string): [number, unknown] {
    this.unknown.push(`${method} ${path}`);
    return [501, { message: `fake GitHub does not implement ${method} ${path}` }];
  }
}
