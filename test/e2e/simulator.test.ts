import { createHmac } from "node:crypto";
import { startHarness, type Harness } from "../../sim/harness.js";

/** The simulator itself behaves like GitHub where the app depends on it. */
describe("local GitHub simulator", () => {
  let h: Harness;
  let token: string;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${h.sim.apiBase}${path}`, { ...init, headers: { authorization: `token ${token}`, "content-type": "application/json", ...(init.headers as Record<string, string>) } });

  beforeAll(async () => {
    h = await startHarness({ expectViolations: true });
    // An installation token, the way Probot gets one (any JWT-shaped bearer is accepted).
    const res = await fetch(`${h.sim.apiBase}/app/installations/${h.org.installation.id}/access_tokens`, { method: "POST", headers: { authorization: "bearer eyJsimulated" } });
    token = ((await res.json()) as { token: string }).token;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("answers 304 without spending rate limit when the ETag matches", async () => {
    const first = await api("/repos/acme/webapp");
    const etag = first.headers.get("etag") ?? "";
    const remaining = Number(first.headers.get("x-ratelimit-remaining"));
    const second = await api("/repos/acme/webapp", { headers: { "if-none-match": etag } });
    expect(second.status).toBe(304);
    const third = await api("/repos/acme/webapp");
    expect(Number(third.headers.get("x-ratelimit-remaining"))).toBe(remaining - 1);
  });

  it("paginates lists with GitHub's Link header", async () => {
    const issue = h.sim.world.createIssue(h.org.tracker, h.org.members.alice, { title: "many comments" });
    for (let i = 0; i < 5; i++) h.sim.world.addComment(h.org.tracker, issue, h.org.members.bob, `comment ${i}`);
    const res = await api(`/repos/acme/security-tracker/issues/${issue.number}/comments?per_page=2&page=2`);
    expect(((await res.json()) as unknown[]).length).toBe(2);
    expect(res.headers.get("link")).toMatch(/page=3>; rel="next".*page=3>; rel="last"/);
    await h.settle();
  });

  it("rejects and records a request to a path GitHub does not document", async () => {
    const before = h.sim.violations.length;
    const res = await api("/repos/acme/webapp/not-a-thing");
    expect(res.status).toBe(404);
    expect(h.sim.violations.slice(before)).toEqual([expect.objectContaining({ problem: "not a documented GitHub REST operation" })]);
  });

  it("rejects and records a body that does not match GitHub's schema", async () => {
    const before = h.sim.violations.length;
    const res = await api("/repos/acme/webapp/check-runs", { method: "POST", body: JSON.stringify({ name: "x", head_sha: "abc", conclusion: "great" }) });
    expect(res.status).toBe(422);
    expect(h.sim.violations.slice(before)[0]?.problem).toContain("conclusion");
  });

  it("rejects and records a query parameter the operation does not document", async () => {
    const before = h.sim.violations.length;
    const res = await api("/repos/acme/webapp/contents/README.md?issue_number=3");
    expect(res.status).toBe(422);
    expect(h.sim.violations.slice(before)).toEqual([expect.objectContaining({ problem: "query parameter issue_number is not documented for this operation" })]);
  });

  it("signs deliveries so the app accepts them, and the app refuses a wrong signature", async () => {
    const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    const res = await fetch(`${h.appUrl}/api/github/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": "d-1", "x-hub-signature-256": `sha256=${createHmac("sha256", "wrong").update(body).digest("hex")}` },
      body,
    });
    expect(res.status).toBe(400);
    const delivered = await h.hooks.deliver("ping", { zen: "Keep it logically awesome.", hook_id: 1 });
    expect(delivered.status_code).toBe(200);
  });

  it("lists deliveries for the app and redelivers one with the same delivery id", async () => {
    const deliveries = (await (await fetch(`${h.sim.apiBase}/app/hook/deliveries`, { headers: { authorization: "bearer eyJsimulated" } })).json()) as Array<{ id: number; guid: string }>;
    const newest = deliveries[0];
    expect(newest).toBeDefined();
    const res = await fetch(`${h.sim.apiBase}/app/hook/deliveries/${newest?.id}/attempts`, { method: "POST", headers: { authorization: "bearer eyJsimulated" } });
    expect(res.status).toBe(202);
    await new Promise((resolve) => setImmediate(resolve));
    await h.settle();
    expect(h.hooks.deliveries.filter((d) => d.guid === newest?.guid).length).toBe(2);
  });

  it("answers a secondary rate limit with retry-after once content creation exceeds the per-minute limit", async () => {
    h.sim.configure({ limits: { contentPerMinute: 2 } });
    try {
      const issue = h.sim.world.createIssue(h.org.tracker, h.org.members.alice, { title: "rate limited" });
      const post = () => api(`/repos/acme/security-tracker/issues/${issue.number}/comments`, { method: "POST", body: JSON.stringify({ body: "hello" }) });
      const statuses = [(await post()).status, (await post()).status];
      const limited = await post();
      expect(statuses).toEqual([201, 201]);
      expect(limited.status).toBe(403);
      expect(limited.headers.get("retry-after")).toBe("60");
    } finally {
      h.sim.configure({ limits: {} });
      await h.settle();
    }
  });

  it("injects the same faults for the same seed", async () => {
    const schedule = async () => {
      h.sim.configure({ faults: { rate: 0.5, seed: 42, kinds: ["5xx", "secondary-rate-limit"] } });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await api("/repos/acme/webapp")).status);
      h.sim.configure({ faults: { rate: 0 } });
      return statuses;
    };
    const first = await schedule();
    expect(first.some((s) => s !== 200)).toBe(true);
    expect(await schedule()).toEqual(first);
  });
});
