import nock from "nock";
import { ProbotOctokit } from "probot";
import { fixedIdentity, OctokitGateway } from "../../src/github/octokit-gateway.js";
import { GitHubError } from "../../src/errors.js";
import { DeliveryReads } from "../../src/github/delivery-reads.js";
import { API, recordRequests, useStrictNock } from "../helpers/probot.js";

useStrictNock();

const repo = { owner: "acme", repo: "webapp" };
const issue = { ...repo, issue_number: 7 };
const MARKER = "<!-- secwg:test:7 -->";

function octokit() {
  const Octokit = ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } });
  return new Octokit({ auth: { token: "ghs_test" } });
}

function gateway(): OctokitGateway {
  return new OctokitGateway(octokit(), undefined, fixedIdentity({ id: 100, login: "secwg[bot]" }));
}

const bot = { id: 100, login: "secwg[bot]", type: "Bot" };
const human = { id: 1, login: "mallory", type: "User" };
const comment = (id: number, body: string, user = bot) => ({
  id,
  body,
  user,
  html_url: `https://github.com/acme/webapp/issues/7#issuecomment-${id}`,
  created_at: "2026-11-25T10:00:00Z",
  updated_at: "2026-11-25T10:00:00Z",
});

describe("ensureComment", () => {
  it("creates the comment once when no comment carries the marker", async () => {
    let posted: any;
    nock(API)
      .get("/repos/acme/webapp/issues/7/comments")
      .query({ per_page: 100 })
      .reply(200, [comment(1, "hello")])
      .post("/repos/acme/webapp/issues/7/comments", (b) => ((posted = b), true))
      .reply(201, comment(2, `${MARKER}\nbody`))
      // Read back: this comment is the only one with the marker, so it stays.
      .get("/repos/acme/webapp/issues/7/comments")
      .query({ per_page: 100 })
      .reply(200, [comment(1, "hello"), comment(2, `${MARKER}\nbody`)]);
    const result = await gateway().ensureComment(issue, MARKER, "body");
    expect(result.outcome).toBe("created");
    expect(posted.body).toBe(`${MARKER}\nbody`);
  });

  // A redelivery handled while the first delivery is still working, or two replicas: both found nothing.
  it("gives way when another run created a comment with the same marker first: deletes its own, updates the first", async () => {
    const requests = recordRequests();
    nock(API)
      .get("/repos/acme/webapp/issues/7/comments")
      .query(true)
      .reply(200, [])
      .post("/repos/acme/webapp/issues/7/comments")
      .reply(201, comment(9, `${MARKER}\nnewer`))
      .get("/repos/acme/webapp/issues/7/comments")
      .query(true)
      .reply(200, [comment(8, `${MARKER}\nolder`), comment(9, `${MARKER}\nnewer`)])
      .delete("/repos/acme/webapp/issues/comments/9")
      .reply(204)
      .patch("/repos/acme/webapp/issues/comments/8", { body: `${MARKER}\nnewer` })
      .reply(200, comment(8, `${MARKER}\nnewer`));
    const result = await gateway().ensureComment(issue, MARKER, "newer");
    expect(result).toMatchObject({ outcome: "updated", comment: { id: 8 } });
    expect(requests.writes).toEqual([
      "POST /repos/acme/webapp/issues/7/comments",
      "DELETE /repos/acme/webapp/issues/comments/9",
      "PATCH /repos/acme/webapp/issues/comments/8",
    ]);
  });

  it("finds its comment on a later page and updates it only when the body differs", async () => {
    nock(API)
      .get("/repos/acme/webapp/issues/7/comments")
      .query({ per_page: 100 })
      .reply(200, [comment(1, "a")], { link: `<${API}/repos/acme/webapp/issues/7/comments?per_page=100&page=2>; rel="next"` })
      .get("/repos/acme/webapp/issues/7/comments")
      .query({ per_page: 100, page: 2 })
      .reply(200, [comment(5, `${MARKER}\nold`)])
      .patch("/repos/acme/webapp/issues/comments/5", { body: `${MARKER}\nnew` })
      .reply(200, comment(5, `${MARKER}\nnew`));
    expect((await gateway().ensureComment(issue, MARKER, "new")).outcome).toBe("updated");
  });

  it("writes nothing when the comment already says the same", async () => {
    const requests = recordRequests();
    nock(API).get("/repos/acme/webapp/issues/7/comments").query(true).reply(200, [comment(5, `${MARKER}\nsame`)]);
    expect((await gateway().ensureComment(issue, MARKER, "same")).outcome).toBe("unchanged");
    expect(requests.writes).toEqual([]);
  });

  it("ignores a marker pasted into a human's comment", async () => {
    nock(API)
      .get("/repos/acme/webapp/issues/7/comments")
      .query(true)
      .reply(200, [comment(3, `${MARKER}\nhijack`, human)])
      .post("/repos/acme/webapp/issues/7/comments")
      .reply(201, comment(4, `${MARKER}\nbody`))
      .get("/repos/acme/webapp/issues/7/comments")
      .query(true)
      .reply(200, [comment(3, `${MARKER}\nhijack`, human), comment(4, `${MARKER}\nbody`)]);
    expect((await gateway().ensureComment(issue, MARKER, "body")).outcome).toBe("created");
  });
});

describe("findComment", () => {
  it("reads the whole thread page by page when conditional, and still takes only its own bot's comment", async () => {
    nock(API)
      .get("/repos/acme/webapp/issues/7/comments")
      .query({ per_page: 100, page: 1 })
      .reply(200, [comment(3, `${MARKER}\nhijack`, human)], { link: `<${API}/repos/acme/webapp/issues/7/comments?per_page=100&page=2>; rel="next"` })
      .get("/repos/acme/webapp/issues/7/comments")
      .query({ per_page: 100, page: 2 })
      .reply(200, [comment(4, `${MARKER}\nours`)]);
    const found = await gateway().findComment(issue, MARKER, { conditional: true });
    expect(found?.id).toBe(4);
  });

  it("finds nothing when only a human's comment carries the marker, conditional or not", async () => {
    nock(API)
      .get("/repos/acme/webapp/issues/7/comments")
      .query({ per_page: 100, page: 1 })
      .reply(200, [comment(3, `${MARKER}\nhijack`, human)])
      .get("/repos/acme/webapp/issues/7/comments")
      .query({ per_page: 100 })
      .reply(200, [comment(3, `${MARKER}\nhijack`, human)]);
    expect(await gateway().findComment(issue, MARKER, { conditional: true })).toBeNull();
    expect(await gateway().findComment(issue, MARKER)).toBeNull();
  });
});

describe("getPull", () => {
  it("reads the pull request once as the review's snapshot and membership's state (merged, branches, head repository)", async () => {
    nock(API)
      .get("/repos/acme/webapp/pulls/7")
      .reply(200, {
        number: 7,
        title: "Add member",
        body: null,
        draft: false,
        state: "open",
        merged: false,
        created_at: "2026-11-25T10:00:00Z",
        updated_at: "2026-11-25T11:00:00Z",
        user: human,
        labels: [{ name: "membership" }],
        requested_reviewers: [{ id: 5, login: "rev", type: "User" }, { name: "Team", slug: "team" }],
        head: { sha: "a".repeat(40), ref: "add-me", repo: null },
        base: { sha: "b".repeat(40), ref: "main" },
      });
    expect(await gateway().getPull(issue)).toEqual({
      number: 7,
      title: "Add member",
      body: "",
      draft: false,
      state: "open",
      author: { id: 1, login: "mallory", type: "User" },
      headSha: "a".repeat(40),
      baseSha: "b".repeat(40),
      labels: ["membership"],
      requestedReviewers: [{ id: 5, login: "rev", type: "User" }],
      updatedAt: "2026-11-25T11:00:00Z",
      merged: false,
      created_at: "2026-11-25T10:00:00Z",
      head: { sha: "a".repeat(40), ref: "add-me", repo: null },
      base: { sha: "b".repeat(40), ref: "main" },
    });
  });
});

describe("ensureLabels", () => {
  it("adds only missing labels and removes only present ones, using the labels from the payload", async () => {
    nock(API)
      .post("/repos/acme/webapp/issues/7/labels", { labels: ["security-review"] })
      .reply(200, [])
      .delete("/repos/acme/webapp/issues/7/labels/stale")
      .reply(200, []);
    const outcome = await gateway().ensureLabels(issue, { add: ["security-review", "bug"], remove: ["stale", "absent"], current: ["bug", "stale"] });
    expect(outcome).toBe("updated");
  });

  it("lists labels when the caller does not know them and writes nothing when already right", async () => {
    nock(API).get("/repos/acme/webapp/issues/7/labels").query(true).reply(200, [{ name: "security-review" }]);
    expect(await gateway().ensureLabels(issue, { add: ["security-review"] })).toBe("unchanged");
  });

  it("treats a label removed meanwhile (404) as done", async () => {
    nock(API).delete("/repos/acme/webapp/issues/7/labels/gone").reply(404, { message: "Label does not exist" });
    expect(await gateway().ensureLabels(issue, { remove: ["gone"], current: ["gone"] })).toBe("updated");
  });
});

describe("ensureIssue", () => {
  const issueJson = (number: number, body: string, extra: Record<string, unknown> = {}) => ({
    number,
    title: "GHSA-aaaa-bbbb-cccc in acme/webapp",
    body,
    state: "open",
    labels: [{ name: "secwg:report" }],
    assignees: [{ login: "alice" }],
    html_url: `https://github.com/acme/tracker/issues/${number}`,
    user: bot,
    ...extra,
  });
  const tracker = { owner: "acme", repo: "tracker" };
  const marker = "<!-- secwg:report:GHSA-aaaa-bbbb-cccc -->";

  it("finds the issue by marker among the labelled issues and leaves it when nothing changed", async () => {
    nock(API)
      .get("/repos/acme/tracker/issues")
      .query({ state: "all", per_page: 100, labels: "secwg:report" })
      .reply(200, [issueJson(3, "other"), issueJson(4, `${marker}\nbody`), { ...issueJson(5, marker), pull_request: {} }]);
    const result = await gateway().ensureIssue(
      tracker,
      marker,
      { title: "GHSA-aaaa-bbbb-cccc in acme/webapp", body: "body", labels: ["secwg:report"], assignees: ["alice"] },
      { findByLabel: "secwg:report" },
    );
    expect(result).toEqual({ outcome: "unchanged", number: 4, html_url: "https://github.com/acme/tracker/issues/4" });
  });

  it("updates only the fields that differ", async () => {
    nock(API)
      .get("/repos/acme/tracker/issues")
      .query(true)
      .reply(200, [issueJson(4, `${marker}\nbody`)])
      .patch("/repos/acme/tracker/issues/4", {
        title: "GHSA-aaaa-bbbb-cccc in acme/webapp",
        body: `${marker}\nbody`,
        state: "closed",
        state_reason: "completed",
      })
      .reply(200, issueJson(4, `${marker}\nbody`, { state: "closed" }));
    const result = await gateway().ensureIssue(tracker, marker, {
      title: "GHSA-aaaa-bbbb-cccc in acme/webapp",
      body: "body",
      state: "closed",
      state_reason: "completed",
    });
    expect(result.outcome).toBe("updated");
  });

  it("does not take one of its issues that quotes the marker below the first line for the marked one", async () => {
    const quoting = issueJson(2, `<!-- secwg:report:GHSA-cccc-ffff-gggg -->\nSummary as published: ${marker}`);
    nock(API)
      .get("/repos/acme/tracker/issues")
      .query(true)
      .reply(200, [quoting])
      .post("/repos/acme/tracker/issues", { title: "t", body: `${marker}\nb`, labels: ["secwg:report"] })
      .reply(201, issueJson(9, `${marker}\nb`))
      .get("/repos/acme/tracker/issues")
      .query(true)
      .reply(200, [quoting, issueJson(9, `${marker}\r\nb`)]);
    expect(await gateway().ensureIssue(tracker, marker, { title: "t", body: "b", labels: ["secwg:report"] })).toMatchObject({ outcome: "created", number: 9 });
  });

  it("creates the issue when none carries the marker", async () => {
    nock(API)
      .get("/repos/acme/tracker/issues")
      .query(true)
      .reply(200, [])
      .post("/repos/acme/tracker/issues", { title: "t", body: `${marker}\nb`, labels: ["secwg:report"] })
      .reply(201, issueJson(9, `${marker}\nb`))
      .get("/repos/acme/tracker/issues")
      .query(true)
      .reply(200, [issueJson(9, `${marker}\nb`)]);
    expect((await gateway().ensureIssue(tracker, marker, { title: "t", body: "b", labels: ["secwg:report"] })).outcome).toBe("created");
  });

  // The webhook and the sweep taking in the same report at once: one tracker issue must remain findable.
  it("closes the issue it created when another run created one with the same marker first, and answers with the first", async () => {
    let closed: any;
    nock(API)
      .get("/repos/acme/tracker/issues")
      .query(true)
      .reply(200, [])
      .post("/repos/acme/tracker/issues")
      .reply(201, issueJson(12, `${marker}\nb`))
      .get("/repos/acme/tracker/issues")
      .query(true)
      .reply(200, [issueJson(12, `${marker}\nb`), issueJson(11, `${marker}\nb`)])
      .patch("/repos/acme/tracker/issues/12", (b) => ((closed = b), true))
      .reply(200, issueJson(12, "Duplicate of #11", { state: "closed" }));
    const result = await gateway().ensureIssue(tracker, marker, { title: "t", body: "b", labels: ["secwg:report"] }, { findByLabel: "secwg:report" });
    expect(result).toEqual({ outcome: "unchanged", number: 11, html_url: "https://github.com/acme/tracker/issues/11" });
    expect(closed).toMatchObject({ state: "closed", state_reason: "not_planned", labels: [], title: "Duplicate of #11" });
    expect(closed.body).not.toContain(marker);
  });
});

describe("ensureCheckRun", () => {
  const sha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
  const spec = {
    name: "secwg / security review",
    head_sha: sha,
    external_id: "secwg:security-review",
    status: "completed" as const,
    conclusion: "success" as const,
    title: "Approved",
    summary: "ok",
  };
  const run = (extra: Record<string, unknown>) => ({
    id: 11,
    external_id: "secwg:security-review",
    status: "in_progress",
    conclusion: null,
    started_at: "2026-11-25T10:00:00Z",
    output: { title: "Waiting", summary: "wait", text: null },
    ...extra,
  });

  it("updates its own in-progress run and ignores another app's run of the same name", async () => {
    nock(API)
      .get(`/repos/acme/webapp/commits/${sha}/check-runs`)
      .query({ check_name: "secwg / security review", filter: "latest", per_page: 100 })
      .reply(200, { total_count: 2, check_runs: [run({ id: 10, external_id: "other-app" }), run({})] })
      .patch("/repos/acme/webapp/check-runs/11", { status: "completed", conclusion: "success", output: { title: "Approved", summary: "ok" } })
      .reply(200, {});
    expect(await gateway().ensureCheckRun(repo, spec)).toBe("updated");
  });

  it("starts a new run rather than reopening a completed one", async () => {
    nock(API)
      .get(`/repos/acme/webapp/commits/${sha}/check-runs`)
      .query(true)
      .reply(200, { total_count: 1, check_runs: [run({ status: "completed", conclusion: "success" })] })
      .post("/repos/acme/webapp/check-runs", (b) => b.status === "in_progress" && b.conclusion === undefined && b.external_id === "secwg:security-review")
      .reply(201, {});
    expect(await gateway().ensureCheckRun(repo, { ...spec, status: "in_progress", conclusion: undefined, title: "Waiting", summary: "again" })).toBe("updated");
  });
});

describe("reads", () => {
  it("returns null for a missing file and the text for a present one", async () => {
    nock(API)
      .get("/repos/acme/webapp/contents/MEMBERS.yml")
      .reply(404, { message: "Not Found" })
      .get("/repos/acme/webapp/contents/a.txt")
      .query({ ref: "abc" })
      .reply(200, "hello");
    expect(await gateway().readFile(repo, "MEMBERS.yml")).toBeNull();
    expect(await gateway().readFile(repo, "a.txt", "abc")).toBe("hello");
  });

  it("wraps other failures in a GitHubError that keeps the status", async () => {
    nock(API).get("/repos/acme/webapp/contents/a.txt").reply(403, { message: "Resource not accessible by integration" });
    const error = await gateway().readFile(repo, "a.txt").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect(error).toMatchObject({ status: 403, route: "GET /repos/{owner}/{repo}/contents/{path}" });
  });

  it("reads a configuration file once per delivery", async () => {
    nock(API).get("/repos/acme/webapp/contents/.github%2Fsecwg.yml").once().reply(200, "review:\n  label: x\n");
    const shared = new OctokitGateway(octokit(), new DeliveryReads().forDelivery("d1"), fixedIdentity({ id: 100, login: "secwg[bot]" }));
    expect(await shared.readConfigFile(repo, ".github/secwg.yml")).toBe("review:\n  label: x\n");
    expect(await shared.readConfigFile(repo, ".github/secwg.yml")).toBe("review:\n  label: x\n");
  });

  it("pages through all files of a pull request and reports GitHub's 3,000-file cap", async () => {
    const page = (n: number) => Array.from({ length: 100 }, (_, i) => ({ filename: `f${n}-${i}.py`, status: "added", additions: 1, deletions: 0, changes: 1 }));
    const scope = nock(API);
    for (let p = 1; p <= 30; p++) {
      const link: Record<string, string> = p < 30 ? { link: `<${API}/repos/acme/webapp/pulls/7/files?per_page=100&page=${p + 1}>; rel="next"` } : {};
      scope.get("/repos/acme/webapp/pulls/7/files").query(p === 1 ? { per_page: 100 } : { per_page: 100, page: p }).reply(200, page(p), link);
    }
    const result = await gateway().listPullFiles(issue);
    expect(result.files).toHaveLength(3000);
    expect(result.capped).toBe(true);
  });

  it("pages through a pull request's commits, keeping GitHub's author and committer ids (null when no account matched)", async () => {
    const commit = (sha: string, author: number | null, committer: number | null) => ({
      sha,
      commit: { message: "m", author: { name: "a", email: "a@example.com", date: "2026-11-25T10:00:00Z" }, committer: { name: "c", email: "c@example.com", date: "2026-11-25T10:00:00Z" } },
      author: author === null ? null : { login: `u${author}`, id: author, type: "User" },
      committer: committer === null ? null : { login: `u${committer}`, id: committer, type: "User" },
      parents: [],
    });
    nock(API)
      .get("/repos/acme/webapp/pulls/7/commits")
      .query({ per_page: 100 })
      .reply(200, [commit("a".repeat(40), 1, 19864447)], { link: `<${API}/repos/acme/webapp/pulls/7/commits?per_page=100&page=2>; rel="next"` })
      .get("/repos/acme/webapp/pulls/7/commits")
      .query({ per_page: 100, page: 2 })
      .reply(200, [commit("b".repeat(40), null, 3)]);
    expect(await gateway().listPullCommits(issue)).toEqual({
      commits: [
        { sha: "a".repeat(40), authorId: 1, committerId: 19864447 },
        { sha: "b".repeat(40), authorId: null, committerId: 3 },
      ],
      capped: false,
    });
  });
});

describe("proposeFile", () => {
  const group = { owner: "acme", repo: "security-wg" };
  const proposal = { branch: "secwg/advisory-x", path: "advisories/x.md", content: "# x\n", commitMessage: "Archive x", title: "Archive x", body: "b" };
  const file = { type: "file", content: Buffer.from("# x\n").toString("base64"), sha: "blob1", name: "x.md", path: "advisories/x.md" };

  /** Not archived on main yet; the proposal branch exists and already holds the file. */
  const mockBranchWithFile = () =>
    nock(API)
      .get("/repos/acme/security-wg")
      .reply(200, { private: false, default_branch: "main", html_url: "https://github.com/acme/security-wg" })
      .get("/repos/acme/security-wg/contents/advisories%2Fx.md")
      .query({ ref: "main" })
      .reply(404)
      .get("/repos/acme/security-wg/git/ref/heads%2Fsecwg%2Fadvisory-x")
      .reply(200, { ref: "refs/heads/secwg/advisory-x", object: { sha: "c1" } })
      .get("/repos/acme/security-wg/contents/advisories%2Fx.md")
      .query({ ref: "secwg/advisory-x" })
      .reply(200, file);

  it("takes the pull request another process opened a moment earlier instead of failing on GitHub's 422", async () => {
    mockBranchWithFile()
      .get("/repos/acme/security-wg/pulls")
      .query({ head: "acme:secwg/advisory-x", state: "open", per_page: 10 })
      .reply(200, [])
      .post("/repos/acme/security-wg/pulls")
      .reply(422, { message: "Validation Failed", errors: [{ resource: "PullRequest", code: "custom", message: "A pull request already exists for acme:secwg/advisory-x." }] })
      .get("/repos/acme/security-wg/pulls")
      .query({ head: "acme:secwg/advisory-x", state: "open", per_page: 10 })
      .reply(200, [{ number: 7, head: { ref: "secwg/advisory-x" } }]);
    expect(await gateway().proposeFile(group, proposal)).toEqual({ outcome: "unchanged", pull: 7 });
  });

  it("uses the branch and pull request a concurrent proposal created after it looked, instead of failing on 422 Reference already exists", async () => {
    nock(API)
      .get("/repos/acme/security-wg")
      .reply(200, { private: false, default_branch: "main", html_url: "https://github.com/acme/security-wg" })
      .get("/repos/acme/security-wg/contents/advisories%2Fx.md")
      .query({ ref: "main" })
      .reply(404)
      // Not there when looked at…
      .get("/repos/acme/security-wg/git/ref/heads%2Fsecwg%2Fadvisory-x")
      .reply(404, { message: "Not Found" })
      .get("/repos/acme/security-wg/git/ref/heads%2Fmain")
      .reply(200, { ref: "refs/heads/main", object: { sha: "c0" } })
      // …created by the other run before our create.
      .post("/repos/acme/security-wg/git/refs")
      .reply(422, { message: "Reference already exists" })
      .get("/repos/acme/security-wg/git/ref/heads%2Fsecwg%2Fadvisory-x")
      .reply(200, { ref: "refs/heads/secwg/advisory-x", object: { sha: "c1" } })
      .get("/repos/acme/security-wg/contents/advisories%2Fx.md")
      .query({ ref: "secwg/advisory-x" })
      .reply(200, file)
      .get("/repos/acme/security-wg/pulls")
      .query({ head: "acme:secwg/advisory-x", state: "open", per_page: 10 })
      .reply(200, [{ number: 7, head: { ref: "secwg/advisory-x" } }]);
    expect(await gateway().proposeFile(group, proposal)).toEqual({ outcome: "unchanged", pull: 7 });
  });

  it("accepts a file a concurrent proposal wrote first when it is the same file", async () => {
    nock(API)
      .get("/repos/acme/security-wg")
      .reply(200, { private: false, default_branch: "main", html_url: "https://github.com/acme/security-wg" })
      .get("/repos/acme/security-wg/contents/advisories%2Fx.md")
      .query({ ref: "main" })
      .reply(404)
      .get("/repos/acme/security-wg/git/ref/heads%2Fsecwg%2Fadvisory-x")
      .reply(200, { ref: "refs/heads/secwg/advisory-x", object: { sha: "c1" } })
      .get("/repos/acme/security-wg/contents/advisories%2Fx.md")
      .query({ ref: "secwg/advisory-x" })
      .reply(404)
      .put("/repos/acme/security-wg/contents/advisories%2Fx.md")
      .reply(422, { message: "Invalid request.\n\n\"sha\" wasn't supplied." })
      .get("/repos/acme/security-wg/contents/advisories%2Fx.md")
      .query({ ref: "secwg/advisory-x" })
      .reply(200, file)
      .get("/repos/acme/security-wg/pulls")
      .query({ head: "acme:secwg/advisory-x", state: "open", per_page: 10 })
      .reply(200, [{ number: 7, head: { ref: "secwg/advisory-x" } }]);
    expect(await gateway().proposeFile(group, proposal)).toEqual({ outcome: "unchanged", pull: 7 });
  });

  it("does not mistake another branch's pull request for its own", async () => {
    mockBranchWithFile()
      .get("/repos/acme/security-wg/pulls")
      .query(true)
      .reply(200, [{ number: 3, head: { ref: "frank/join" } }])
      .post("/repos/acme/security-wg/pulls", (b) => b.head === "secwg/advisory-x")
      .reply(201, { number: 8 });
    expect(await gateway().proposeFile(group, proposal)).toEqual({ outcome: "created", pull: 8 });
  });
});

describe("getRepoAlert", () => {
  const where = { owner: "acme", repo: "webapp", id: 42 };

  it("reads a secret scanning alert with hide_secret and keeps only the allow-listed fields", async () => {
    nock(API)
      .get("/repos/acme/webapp/secret-scanning/alerts/5")
      .query({ hide_secret: "true" })
      .reply(200, { number: 5, state: "resolved", resolution: "revoked", secret_type: "github_personal_access_token", secret: "CANARY-should-not-be-sent" });
    const alert = await gateway().getRepoAlert({ kind: "secret-scanning", repo: where, number: 5 });
    expect(alert).toEqual({ kind: "secret-scanning", repo: where, number: 5, state: "fixed", severity: "critical", subject: "github_personal_access_token" });
    expect(JSON.stringify(alert)).not.toContain("CANARY");
  });

  it("gives null when GitHub does not show the alert (404) or the app may not read it (403)", async () => {
    nock(API).get("/repos/acme/webapp/dependabot/alerts/3").reply(404, { message: "Not Found" });
    nock(API).get("/repos/acme/webapp/code-scanning/alerts/4").reply(403, { message: "Resource not accessible by integration" });
    expect(await gateway().getRepoAlert({ kind: "dependabot", repo: where, number: 3 })).toBeNull();
    expect(await gateway().getRepoAlert({ kind: "code-scanning", repo: where, number: 4 })).toBeNull();
  });

  it("lets a server error through as a GitHubError", async () => {
    nock(API).get("/repos/acme/webapp/dependabot/alerts/3").reply(502, { message: "Bad Gateway" });
    await expect(gateway().getRepoAlert({ kind: "dependabot", repo: where, number: 3 })).rejects.toBeInstanceOf(GitHubError);
  });
});

describe("readFileHead", () => {
  const file = (content: string, extra: Record<string, unknown> = {}) => ({
    type: "file",
    encoding: "base64",
    size: Buffer.byteLength(content),
    name: "x.py",
    path: "shop/x.py",
    sha: "1".repeat(40),
    // GitHub wraps the base64 text in lines of 60 characters.
    content: (Buffer.from(content).toString("base64").match(/.{1,60}/g) ?? []).join("\n"),
    ...extra,
  });
  const HEAD = "a".repeat(40);

  it("returns at most the bytes asked for, decoded across GitHub's line wrapping", async () => {
    const text = `import hmac\n${"x = 1\n".repeat(4_000)}`;
    nock(API).get("/repos/acme/webapp/contents/shop%2Fx.py").query({ ref: HEAD }).reply(200, file(text));
    const head = await gateway().readFileHead(repo, { path: "shop/x.py" }, HEAD, 8_192);
    expect(head).toBe(text.slice(0, 8_192));
  });

  it.each([
    ["a file GitHub does not inline (over 1 MB)", 200, file("", { encoding: "none", size: 2_000_000, content: "" })],
    ["a binary file", 200, file("import hmac\n\u0000PNG")],
    ["a directory", 200, [{ type: "file", name: "a.py", path: "shop/x.py/a.py" }]],
    ["a missing file", 404, { message: "Not Found" }],
    ["a refused read", 403, { message: "Resource not accessible by integration" }],
  ])("gives null for %s, never an error", async (_what, status, body) => {
    nock(API).get("/repos/acme/webapp/contents/shop%2Fx.py").query({ ref: HEAD }).reply(status, body);
    await expect(gateway().readFileHead(repo, { path: "shop/x.py" }, HEAD, 8_192)).resolves.toBeNull();
  });

  it("reads a blob once per process: the same blob sha again makes no request, another one does", async () => {
    nock(API).get("/repos/acme/webapp/contents/shop%2Fx.py").query({ ref: HEAD }).once().reply(200, file("import ssl\n"));
    const blob = { path: "shop/x.py", blobSha: "1".repeat(40) };
    expect(await gateway().readFileHead(repo, blob, HEAD, 8_192)).toBe("import ssl\n");
    expect(await gateway().readFileHead(repo, blob, "b".repeat(40), 8_192)).toBe("import ssl\n");
    nock(API).get("/repos/acme/webapp/contents/shop%2Fx.py").query({ ref: HEAD }).once().reply(200, file("import json\n", { sha: "2".repeat(40) }));
    expect(await gateway().readFileHead(repo, { ...blob, blobSha: "2".repeat(40) }, HEAD, 8_192)).toBe("import json\n");
  });

  it("does not remember a read under a blob sha the answer does not have (the head moved meanwhile)", async () => {
    const blob = { path: "shop/x.py", blobSha: "3".repeat(40) };
    nock(API).get("/repos/acme/webapp/contents/shop%2Fx.py").query({ ref: HEAD }).twice().reply(200, file("import ssl\n", { sha: "4".repeat(40) }));
    expect(await gateway().readFileHead(repo, blob, HEAD, 8_192)).toBe("import ssl\n");
    expect(await gateway().readFileHead(repo, blob, HEAD, 8_192)).toBe("import ssl\n");
  });
});
