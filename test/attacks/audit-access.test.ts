import type { Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";
import { run as audit } from "../../src/cli/audit.js";
import type { Gateway } from "../../src/github/gateway.js";
import { startAccessScenario } from "../helpers/access.js";
import { operatorGateway } from "../helpers/operator.js";


/**
 * The audit recomputes every tracker-access grant the roster gives from the signed records in
 * secwg's replies: a grant one signer made alone, or a record edited after the fact, is a
 * disagreement (exit 1), whoever changed the roster or the comment.
 */
describe("attacks: tracker access the roster gives without the Chair's and the Co-Chair's signed grants", () => {
  let h: Harness;
  let gateway: Gateway;
  let issue: Issue;
  const grantRows = async () => {
    const out: string[] = [];
    const code = await audit(["--org", "acme", "--json"], { gatewayFor: async () => gateway, signingKey: h.hooks.options.secret, print: (t) => void out.push(t), note: (t) => void out.push(t) });
    const rows = JSON.parse(out.join("")) as Array<{ kind: string; subject: string; verdict: string; code: string }>;
    return { code, rows: rows.filter((r) => r.kind === "grant").map((r) => [r.subject, r.verdict, r.code]) };
  };
  const setErinAccess = (value: boolean) => {
    const { world } = h.sim;
    const roster = world.filesAt(h.org.groupRepo)?.get("MEMBERS.yml") as string;
    const at = roster.indexOf("  - login: erin");
    world.push(h.org.groupRepo, "main", { "MEMBERS.yml": roster.slice(0, at) + roster.slice(at).replace(/tracker_access: (true|false)/, `tracker_access: ${value}`) }, "Edit the roster");
  };

  beforeAll(async () => {
    h = await startAccessScenario();
    gateway = await operatorGateway(h);
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it("a roster that gives access on the Chair's grant alone disagrees", async () => {
    const { world } = h.sim;
    const { members, groupRepo } = h.org;
    issue = await h.act(() => world.createIssue(groupRepo, members.alice, { title: "Tracker access for Erin" }));
    await h.act(() => world.addComment(groupRepo, issue, members.alice, "/grant-access @erin"));
    // Someone with write access to the group repository sets the flag without the Co-Chair.
    setErinAccess(true);
    const { code, rows } = await grantRows();
    expect(rows).toContainEqual([`erin (id ${members.erin.id})`, "disagrees", "grant-incomplete"]);
    expect(code).toBe(1);
  });

  it("agrees once the Co-Chair has granted too", async () => {
    const { world } = h.sim;
    const { members, groupRepo } = h.org;
    setErinAccess(false);
    await h.act(() => world.addComment(groupRepo, issue, members.bob, "/grant-access @erin"));
    expect(world.filesAt(groupRepo)?.get("MEMBERS.yml")).toMatch(/login: erin[\s\S]*tracker_access: true/);
    const { code, rows } = await grantRows();
    expect(rows).toContainEqual([`erin (id ${members.erin.id})`, "agrees", "grant-recomputed"]);
    // Dave's access was on the founding roster: nothing signed says who decided it.
    expect(rows).toContainEqual([`dave (id ${members.dave.id})`, "cannot-verify", "grant-not-recorded"]);
    expect(code).toBe(0);
  });

  it("an edited grant record disagrees and no longer counts", async () => {
    const { members } = h.org;
    const reply = issue.comments.filter((c) => c.user.id === h.sim.bot.id && c.body.includes("secwg:access-record:")).at(-1) as Issue["comments"][number];
    // Edit the Co-Chair's record: re-encode its payload with another role holder's id.
    reply.body = reply.body.replace(/access-record:([A-Za-z0-9_-]+)\./, (_all, payload: string) => {
      const record = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { by: { id: number } };
      record.by.id = members.carol.id;
      return `access-record:${Buffer.from(JSON.stringify(record)).toString("base64url")}.`;
    });
    const { code, rows } = await grantRows();
    expect(rows).toContainEqual([`acme/${h.org.groupRepo.name}#${issue.number}`, "disagrees", "grant-record-edited"]);
    expect(rows).toContainEqual([`erin (id ${members.erin.id})`, "disagrees", "grant-incomplete"]);
    expect(code).toBe(1);
  });

  it("a copy of a valid record in someone else's comment is never counted", async () => {
    const { world } = h.sim;
    const { members, groupRepo } = h.org;
    const signed = /<!-- secwg:access-record:[^>]+-->/.exec(issue.comments.find((c) => c.user.id === h.sim.bot.id && c.body.includes("secwg:access-record:"))?.body ?? "")?.[0] ?? "";
    await h.act(() => world.addComment(groupRepo, issue, h.org.mallory, `/grant-access pasted ${signed}`));
    const { rows } = await grantRows();
    expect(rows).toContainEqual([`acme/${groupRepo.name}#${issue.number}`, "cannot-verify", "foreign-record"]);
    expect(rows).toContainEqual([`erin (id ${members.erin.id})`, "disagrees", "grant-incomplete"]);
  });

  it("makes only documented requests with valid bodies", () => {
    expect(h.sim.violations).toEqual([]);
  });
});
