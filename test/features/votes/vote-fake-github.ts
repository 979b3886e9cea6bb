import nock from "nock";
import { API } from "../../helpers/probot.js";

/**
 * A small stateful stand-in for the GitHub REST paths the membership and vote code uses, answering
 * with GitHub's field names. Every interceptor is optional (a scenario uses some of them); any
 * request outside these paths is still an unexpected request for `useStrictNock`.
 */

export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const TRACKER = "security-tracker";
export const BOT = { login: "secwg[bot]", id: 99, type: "Bot" };

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; id: number; type: string };
  html_url: string;
  created_at: string;
  updated_at: string;
}

export interface FakeReaction {
  id: number;
  user: { login: string; id: number; type: string };
  content: string;
  created_at: string;
}

export interface Write {
  method: string;
  path: string;
  body: any;
}

export class FakeGitHub {
  config: string | null = null;
  /** `path@ref` (ref "" for the default branch) → text. */
  files = new Map<string, { text: string; sha: string }>();
  pullFiles: { filename: string; status: string; additions: number; deletions: number; changes: number }[] = [];
  /** `repo#number` → comments. */
  comments = new Map<string, FakeComment[]>();
  reactions = new Map<number, FakeReaction[]>();
  labels: string[] = [];
  checkRuns: any[] = [];
  pull: any;
  trackerIssues: any[] = [];
  writes: Write[] = [];
  reads: string[] = [];
  /** Responses per page request, to count calls: `status path`. */
  responses: string[] = [];
  /** ETag for reaction and comment pages; when the client sends it back, answer 304. */
  etags = false;
  /** How many more times creating a tracker issue answers 502 (a transient GitHub failure). */
  trackerFailures = 0;
  /** How many more times adding to a team answers 502. */
  teamFailures = 0;
  /** Accounts by id for `GET /user/{account_id}`; an id not here answers 404 (no such account). */
  logins = new Map<number, string>();
  /** The next new comment whose body matches answers 502 (once). */
  failComment: RegExp | null = null;
  /** Team slug → its members. */
  teamMembers = new Map<string, { login: string; id: number; type: string }[]>();
  private nextId = 5000;

  constructor(pull: any) {
    this.pull = pull;
  }

  threadComments(repo: string, number: number): FakeComment[] {
    const key = `${repo}#${number}`;
    if (!this.comments.has(key)) this.comments.set(key, []);
    return this.comments.get(key) as FakeComment[];
  }

  addComment(repo: string, number: number, body: string, user = BOT): FakeComment {
    const comment = {
      id: this.nextId++,
      body,
      user,
      html_url: `https://github.com/${OWNER}/${repo}/pull/${number}#issuecomment-${this.nextId}`,
      created_at: "2026-11-25T12:00:00Z",
      updated_at: "2026-11-25T12:00:00Z",
    };
    this.threadComments(repo, number).push(comment);
    return comment;
  }

  react(commentId: number, user: { login: string; id: number }, content: string): void {
    const list = this.reactions.get(commentId) ?? [];
    list.push({ id: this.nextId++, user: { ...user, type: "User" }, content, created_at: "2026-11-25T13:00:00Z" });
    this.reactions.set(commentId, list);
  }

  voteComment(): FakeComment | undefined {
    return this.threadComments(REPO, this.pull.number).find((c) => c.body.includes("secwg:vote:"));
  }

  private write(method: string, path: string, body: unknown): void {
    this.writes.push({ method, path, body });
  }

  private page<T>(list: T[], uri: string, headers: Record<string, string | string[] | undefined>): [number, unknown, Record<string, string>] | [number, unknown] {
    const url = new URL(uri, API);
    const page = Number(url.searchParams.get("page") ?? "1");
    const perPage = Number(url.searchParams.get("per_page") ?? "30");
    const slice = list.slice((page - 1) * perPage, page * perPage);
    const outHeaders: Record<string, string> = {};
    if (page * perPage < list.length) {
      url.searchParams.set("page", String(page + 1));
      outHeaders.link = `<${url.toString()}>; rel="next"`;
    }
    if (this.etags) {
      const etag = `"${Buffer.from(JSON.stringify(slice)).toString("base64").slice(0, 20)}${slice.length}"`;
      outHeaders.etag = etag;
      if (headers["if-none-match"] === etag) {
        this.responses.push(`304 ${url.pathname}`);
        return [304, ""];
      }
    }
    this.responses.push(`200 ${url.pathname}`);
    return [200, slice, outHeaders];
  }

  /** Installs the interceptors. */
  install(): void {
    // nock passes the request as `this` to reply functions, so the fake is captured by name.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const fake = this;
    const repoPath = `/repos/${OWNER}/${REPO}`;
    const scope = nock(API).persist();
    const read = (path: string) => fake.reads.push(path);

    // The app's identity: GET /app (slug) then its bot account by login.
    scope.get("/app").optionally().reply(200, { id: 123, slug: "secwg", name: "secwg", owner: { login: OWNER, id: 1, type: "User" }, permissions: {}, events: [] });
    scope.get(`/users/${encodeURIComponent(BOT.login)}`).optionally().reply(200, BOT);
    // The group's policy lives in the organisation's `.github` repository; the group repository has no file of its own.
    scope
      .get(/^\/user\/\d+$/)
      .optionally()
      .reply((uri) => {
        const id = Number(uri.split("/").pop());
        read(`user ${id}`);
        const login = fake.logins.get(id);
        return login ? [200, { id, login, type: "User" }] : [404, { message: "Not Found" }];
      });
    scope
      .get(`${repoPath}/contents/.github%2Fsecwg.yml`)
      .optionally()
      .reply(404, { message: "Not Found" });
    scope
      .get(`/repos/${OWNER}/.github/contents/.github%2Fsecwg.yml`)
      .optionally()
      .reply(() => {
        read("config");
        return fake.config === null ? [404, { message: "Not Found" }] : [200, fake.config];
      });
    scope
      .get(/\/repos\/Codertocat\/Hello-World\/contents\/MEMBERS\.yml/)
      .optionally()
      .reply(function (uri) {
        const ref = new URL(uri, API).searchParams.get("ref") ?? "";
        const file = fake.files.get(`MEMBERS.yml@${ref}`);
        read(`MEMBERS.yml@${ref}`);
        if (!file) return [404, { message: "Not Found" }];
        const accept = String(this.req.headers.accept ?? "");
        if (accept.includes("raw")) return [200, file.text];
        return [200, { type: "file", name: "MEMBERS.yml", path: "MEMBERS.yml", sha: file.sha, encoding: "base64", content: Buffer.from(file.text).toString("base64") }];
      });
    scope
      .put(`${repoPath}/contents/MEMBERS.yml`)
      .optionally()
      .reply((uri, body: any) => {
        fake.write("PUT", "contents/MEMBERS.yml", body);
        const text = Buffer.from(body.content, "base64").toString("utf8");
        fake.files.set(`MEMBERS.yml@newsha`, { text, sha: "blob2" });
        fake.pull.head.sha = "newsha";
        return [200, { content: { sha: "blob2" }, commit: { sha: "newsha" } }];
      });
    scope
      .get(`${repoPath}/pulls/${fake.pull.number}/files`)
      .query(true)
      .optionally()
      .reply(() => [200, fake.pullFiles]);
    scope
      .get(`${repoPath}/pulls/${fake.pull.number}`)
      .optionally()
      .reply(() => [200, { ...fake.pull, labels: fake.labels.map((name, i) => ({ id: i + 1, name })) }]);
    scope
      .put(`${repoPath}/pulls/${fake.pull.number}/merge`)
      .optionally()
      .reply((uri, body: any) => {
        fake.write("PUT", "merge", body);
        fake.pull.state = "closed";
        fake.pull.merged = true;
        return [200, { sha: "mergedsha", merged: true, message: "Pull Request successfully merged" }];
      });
    scope
      .patch(`${repoPath}/pulls/${fake.pull.number}`)
      .optionally()
      .reply((uri, body: any) => {
        fake.write("PATCH", "pull", body);
        fake.pull.state = body.state ?? fake.pull.state;
        return [200, fake.pull];
      });
    scope
      .get(/\/orgs\/Codertocat\/teams\/[^/]+\/members(\?|$)/)
      .optionally()
      .reply(function (uri) {
        const slug = /teams\/([^/]+)\/members/.exec(uri)?.[1] ?? "";
        return fake.page(fake.teamMembers.get(slug) ?? [], uri, this.req.headers as any) as any;
      });
    scope
      .get(/\/orgs\/Codertocat\/teams\/[^/]+\/memberships\/[^/]+/)
      .optionally()
      .reply((uri) => {
        const [, slug, login] = /teams\/([^/]+)\/memberships\/([^/]+)/.exec(uri) as RegExpExecArray;
        const member = (fake.teamMembers.get(slug as string) ?? []).some((m) => m.login === login);
        return member ? [200, { state: "active", role: "member" }] : [404, { message: "Not Found" }];
      });
    scope
      .put(/\/orgs\/Codertocat\/teams\/[^/]+\/memberships\/[^/]+/)
      .optionally()
      .reply((uri, body: any) => {
        const [, slug, login] = /teams\/([^/]+)\/memberships\/([^/]+)/.exec(uri) as RegExpExecArray;
        if (fake.teamFailures > 0) {
          fake.teamFailures -= 1;
          return [502, { message: "Server Error" }];
        }
        fake.write("PUT", new URL(uri, API).pathname, body);
        const members = fake.teamMembers.get(slug as string) ?? [];
        if (!members.some((m) => m.login === login)) members.push({ login: login as string, id: login === fake.pull.user.login ? fake.pull.user.id : fake.nextId++, type: "User" });
        fake.teamMembers.set(slug as string, members);
        return [200, { state: "active", role: "member" }];
      });

    // Comments, per repository and number.
    scope
      .get(/\/repos\/Codertocat\/[^/]+\/issues\/\d+\/comments/)
      .optionally()
      .reply(function (uri) {
        const [, repo, number] = /\/repos\/Codertocat\/([^/]+)\/issues\/(\d+)\/comments/.exec(uri) as RegExpExecArray;
        read(`comments ${repo}#${number}`);
        return fake.page(fake.threadComments(repo as string, Number(number)), uri, this.req.headers as any) as any;
      });
    scope
      .post(/\/repos\/Codertocat\/[^/]+\/issues\/\d+\/comments/)
      .optionally()
      .reply((uri, body: any) => {
        const [, repo, number] = /\/repos\/Codertocat\/([^/]+)\/issues\/(\d+)\/comments/.exec(uri) as RegExpExecArray;
        if (fake.failComment?.test(body.body)) {
          fake.failComment = null;
          return [502, { message: "Server Error" }];
        }
        fake.write("POST", `comments ${repo}#${number}`, body);
        return [201, fake.addComment(repo as string, Number(number), body.body)];
      });
    scope
      .patch(/\/repos\/Codertocat\/[^/]+\/issues\/comments\/\d+$/)
      .optionally()
      .reply((uri, body: any) => {
        const id = Number(/comments\/(\d+)$/.exec(uri)?.[1]);
        fake.write("PATCH", `comment ${id}`, body);
        for (const list of fake.comments.values()) {
          const c = list.find((x) => x.id === id);
          if (c) {
            c.body = body.body;
            return [200, c];
          }
        }
        return [404, { message: "Not Found" }];
      });
    scope
      .get(/\/repos\/Codertocat\/Hello-World\/issues\/comments\/\d+\/reactions/)
      .optionally()
      .reply(function (uri) {
        const id = Number(/comments\/(\d+)\/reactions/.exec(uri)?.[1]);
        return fake.page(fake.reactions.get(id) ?? [], uri, this.req.headers as any) as any;
      });

    // Labels of the pull request.
    scope
      .get(`${repoPath}/issues/${fake.pull.number}/labels`)
      .query(true)
      .optionally()
      .reply(() => [200, fake.labels.map((name, i) => ({ id: i + 1, name }))]);
    scope
      .post(`${repoPath}/issues/${fake.pull.number}/labels`)
      .optionally()
      .reply((uri, body: any) => {
        fake.write("POST", "labels", body);
        for (const l of body.labels as string[]) if (!fake.labels.includes(l)) fake.labels.push(l);
        return [200, fake.labels.map((name, i) => ({ id: i + 1, name }))];
      });
    scope
      .delete(/\/repos\/Codertocat\/Hello-World\/issues\/\d+\/labels\/.+/)
      .optionally()
      .reply((uri) => {
        const name = decodeURIComponent(/labels\/(.+)$/.exec(uri)?.[1] ?? "");
        fake.write("DELETE", `label ${name}`, null);
        fake.labels = fake.labels.filter((l) => l !== name);
        return [200, []];
      });

    // Check runs.
    scope
      .get(/\/repos\/Codertocat\/Hello-World\/commits\/[^/]+\/check-runs/)
      .optionally()
      .reply((uri) => {
        const url = new URL(uri, API);
        const sha = /commits\/([^/]+)\/check-runs/.exec(url.pathname)?.[1];
        const runs = fake.checkRuns.filter((r) => r.head_sha === sha && r.name === url.searchParams.get("check_name"));
        return [200, { total_count: runs.length, check_runs: runs }];
      });
    scope
      .post(`${repoPath}/check-runs`)
      .optionally()
      .reply((uri, body: any) => {
        fake.write("POST", "check-runs", body);
        const run = { id: fake.nextId++, started_at: "2026-11-25T12:00:00Z", ...body, output: { text: null, ...body.output } };
        fake.checkRuns.push(run);
        return [201, run];
      });
    scope
      .patch(/\/repos\/Codertocat\/Hello-World\/check-runs\/\d+/)
      .optionally()
      .reply((uri, body: any) => {
        fake.write("PATCH", "check-runs", body);
        const run = fake.checkRuns.find((r) => r.id === Number(/check-runs\/(\d+)/.exec(uri)?.[1]));
        Object.assign(run, body, { output: { text: null, ...body.output } });
        return [200, run];
      });

    // The tracker's votes log and the sweep's discovery.
    scope
      .get(`/repos/${OWNER}/${TRACKER}`)
      .optionally()
      .reply(() => [200, { name: TRACKER, owner: { login: OWNER }, private: true, default_branch: "main", html_url: `https://github.com/${OWNER}/${TRACKER}` }]);
    scope
      .get(`/repos/${OWNER}/${TRACKER}/issues`)
      .query(true)
      .optionally()
      .reply(() => [200, fake.trackerIssues]);
    scope
      .post(`/repos/${OWNER}/${TRACKER}/issues`)
      .optionally()
      .reply((uri, body: any) => {
        if (fake.trackerFailures > 0) {
          fake.trackerFailures -= 1;
          return [502, { message: "Server Error" }];
        }
        fake.write("POST", "tracker issue", body);
        const issue = { number: fake.trackerIssues.length + 1, title: body.title, body: body.body, state: "open", labels: (body.labels ?? []).map((name: string) => ({ name })), assignees: [], html_url: `https://github.com/x/${fake.trackerIssues.length + 1}` };
        fake.trackerIssues.push(issue);
        return [201, issue];
      });
    scope
      .get(`${repoPath}/issues`)
      .query(true)
      .optionally()
      .reply(function (uri) {
        const list = fake.labels.includes("vote: open") && fake.pull.state === "open"
          ? [{ number: fake.pull.number, pull_request: { url: "x" }, labels: fake.labels.map((name) => ({ name })) }]
          : [];
        return fake.page(list, uri, this.req.headers as any) as any;
      });
    scope
      .get("/installation/repositories")
      .query(true)
      .optionally()
      .reply(function (uri) {
        const data = { total_count: 1, repositories: [{ id: 1, name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER } }] };
        const [status, , headers] = fake.page([data], uri, this.req.headers as any) as [number, unknown, Record<string, string>];
        return status === 304 ? [304, ""] : [200, data, headers];
      });
  }
}
