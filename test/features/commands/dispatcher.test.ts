import { fixedIdentity } from "../../../src/github/octokit-gateway.js";
import { TEST_BOT } from "../../helpers/probot.js";
import nock from "nock";
import { onIssueComment, type CommandFeature, type CommandInvocation } from "../../../src/features/commands/dispatcher.js";
import { defaultDeps } from "../../../src/app/deps.js";
import { SIGNERS } from "../../../src/core/authorisation.js";
import { API, createTestProbot, mockInstallationToken, recordRequests, useStrictNock } from "../../helpers/probot.js";
import { loadPayload } from "../../helpers/fixtures.js";

useStrictNock();

const ROSTER = [
  "members:",
  "  - {login: alice, id: 1001, roles: [chair], joined: 2026-01-01, term_ends: 2027-01-01}",
  "  - {login: Codertocat, id: 21031067, roles: [member], joined: 2026-01-01, term_ends: 2027-01-01}",
].join("\n");

const executed: CommandInvocation[] = [];
const feature: CommandFeature = {
  name: "test",
  specs: [
    {
      name: "approve-test",
      usage: "/approve-test <level>",
      summary: "sign off",
      permission: SIGNERS,
      parseArgs: (args) => (args.length === 1 ? { ok: true, value: args[0] } : { ok: false, error: "expected one level" }),
    },
  ],
  appliesTo: () => true,
  usesRepoSettings: true,
  execute: async (invocation) => {
    executed.push(invocation);
  },
};

async function app() {
  const deps = defaultDeps({ identity: fixedIdentity(TEST_BOT), now: () => new Date("2026-11-25T12:00:00Z"), signingKey: "test-secret" });
  return createTestProbot((probot) => {
    probot.on("issue_comment.created", (context) => onIssueComment(context, deps, [feature]));
  });
}

function commentEvent(body: string, user: Record<string, unknown> = {}) {
  const payload = loadPayload("issue_comment", "created") as any;
  payload.comment.body = body;
  Object.assign(payload.comment.user, user);
  return { id: "d-1", name: "issue_comment" as const, payload };
}

function mockConfigAndRoster() {
  return nock(API)
    .get("/repos/Codertocat/.github/contents/.github%2Fsecwg.yml")
    .reply(200, "group:\n  repo: Codertocat/security-wg\n")
    .get("/repos/Codertocat/Hello-World/contents/.github%2Fsecwg.yml")
    .reply(404)
    .get("/repos/Codertocat/security-wg/contents/MEMBERS.yml")
    .reply(200, ROSTER);
}

/** Expects secwg's one reply on the issue and keeps what it posted. */
function captureReply(): { posted: any } {
  const holder: { posted: any } = { posted: undefined };
  nock(API)
    .get("/repos/Codertocat/Hello-World/issues/1/comments")
    .query(true)
    .reply(200, [])
    .post("/repos/Codertocat/Hello-World/issues/1/comments", (b) => ((holder.posted = b), true))
    .reply(201, { id: 9, body: "", user: null, html_url: "", created_at: "", updated_at: "" })
    // secwg reads the thread back to make sure no concurrent run posted the same reply first.
    .get("/repos/Codertocat/Hello-World/issues/1/comments")
    .query(true)
    .reply(200, () => [{ id: 9, body: holder.posted.body, user: { login: "secwg[bot]", id: 99, type: "Bot" }, html_url: "", created_at: "", updated_at: "" }]);
  return holder;
}

beforeEach(() => executed.splice(0));

describe("issue_comment: command dispatcher", () => {
  it("runs an authorised, well-formed command", async () => {
    const { probot } = await app();
    mockInstallationToken();
    mockConfigAndRoster();
    await probot.receive(commentEvent("/approve-test high", { id: 1001, login: "alice" }));
    expect(executed).toHaveLength(1);
    expect(executed[0]?.match.value).toBe("high");
    expect(executed[0]?.actor).toEqual({ id: 1001, login: "alice" });
  });

  it("refuses an unauthorised user once, naming the role needed", async () => {
    const { probot } = await app();
    mockInstallationToken();
    mockConfigAndRoster();
    const reply = captureReply();
    await probot.receive(commentEvent("/approve-test high"));
    expect(executed).toHaveLength(0);
    expect(reply.posted.body).toContain("<!-- secwg:reply:");
    expect(reply.posted.body).toContain("@Codertocat `/approve-test` can only be used by the Chair, the Co-Chair or the Board Liaison");
  });

  it("does not reply a second time when the same comment is redelivered", async () => {
    const { probot } = await app();
    const requests = recordRequests();
    mockInstallationToken();
    mockConfigAndRoster();
    const event = commentEvent("/approve-test high");
    nock(API)
      .get("/repos/Codertocat/Hello-World/issues/1/comments")
      .query(true)
      .reply(200, [
        {
          id: 9,
          body: `<!-- secwg:reply:${event.payload.comment.id}-1 -->\n@Codertocat \`/approve-test\` can only be used by the Chair, the Co-Chair or the Board Liaison (as listed in the group's roster). Nothing was changed.`,
          user: { id: 99, login: "secwg[bot]", type: "Bot" },
          html_url: "",
          created_at: "",
          updated_at: "",
        },
      ]);
    await probot.receive(event);
    expect(requests.writes).toEqual([]);
  });

  it("answers a malformed command with usage help and does not run it", async () => {
    const { probot } = await app();
    mockInstallationToken();
    nock(API).get("/repos/Codertocat/.github/contents/.github%2Fsecwg.yml").reply(200, "group:\n  repo: Codertocat/security-wg\n").get("/repos/Codertocat/Hello-World/contents/.github%2Fsecwg.yml").reply(404);
    const reply = captureReply();
    await probot.receive(commentEvent("/approve-test", { id: 1001, login: "alice" }));
    expect(executed).toHaveLength(0);
    expect(reply.posted.body).toContain("`/approve-test`: expected one level.");
    expect(reply.posted.body).toContain("- `/approve-test <level>` — sign off");
  });

  it("ignores comments written by bots, its own included, without any GitHub call", async () => {
    const { probot } = await app();
    await probot.receive(commentEvent("/approve-test high", { type: "Bot", login: "secwg[bot]" }));
    expect(executed).toHaveLength(0);
  });

  it("ignores other apps' commands and prose", async () => {
    const { probot } = await app();
    const requests = recordRequests();
    mockInstallationToken();
    nock(API).get("/repos/Codertocat/.github/contents/.github%2Fsecwg.yml").reply(404).get("/repos/Codertocat/Hello-World/contents/.github%2Fsecwg.yml").reply(200, "");
    await probot.receive(commentEvent("/assign @me\nlooks good"));
    expect(requests.writes).toEqual([]);
  });

  it("answers an unknown command with the list of commands where secwg owns the thread", async () => {
    const deps = defaultDeps({ identity: fixedIdentity(TEST_BOT), now: () => new Date("2026-11-25T12:00:00Z"), signingKey: "test-secret" });
    const { probot } = await createTestProbot((app) => {
      app.on("issue_comment.created", (context) => onIssueComment(context, deps, [{ ...feature, ownsThread: true }]));
    });
    mockInstallationToken();
    nock(API)
      .get("/repos/Codertocat/.github/contents/.github%2Fsecwg.yml")
      .reply(404)
      .get("/repos/Codertocat/Hello-World/contents/.github%2Fsecwg.yml")
      .reply(200, "");
    const reply = captureReply();
    await probot.receive(commentEvent("/aprove-test high", { id: 1001, login: "alice" }));
    expect(executed).toHaveLength(0);
    expect(reply.posted.body).toContain("`/aprove-test` is not a secwg command. Commands here:\n\n- `/approve-test <level>` — sign off");
  });

  it("stays silent about a broken configuration when the comment only holds another app's command", async () => {
    const { probot } = await app();
    const requests = recordRequests();
    mockInstallationToken();
    nock(API).get("/repos/Codertocat/.github/contents/.github%2Fsecwg.yml").reply(404).get("/repos/Codertocat/Hello-World/contents/.github%2Fsecwg.yml").reply(200, "review: [unclosed\n");
    await probot.receive(commentEvent("/assign @me"));
    expect(requests.writes).toEqual([]);
  });

  it("explains a broken configuration to someone who addressed secwg", async () => {
    const { probot } = await app();
    mockInstallationToken();
    nock(API)
      .get("/repos/Codertocat/.github/contents/.github%2Fsecwg.yml")
      .reply(404)
      .get("/repos/Codertocat/Hello-World/contents/.github%2Fsecwg.yml")
      .reply(200, "review: [unclosed\n");
    const reply = captureReply();
    await probot.receive(commentEvent("/approve-test high", { id: 1001, login: "alice" }));
    expect(executed).toHaveLength(0);
    expect(reply.posted.body).toContain("secwg could not use `Codertocat/Hello-World:.github/secwg.yml`");
  });

  it("explains an unusable roster instead of running the command", async () => {
    const { probot } = await app();
    mockInstallationToken();
    nock(API)
      .get("/repos/Codertocat/.github/contents/.github%2Fsecwg.yml")
      .reply(200, "group:\n  repo: Codertocat/security-wg\n")
      .get("/repos/Codertocat/Hello-World/contents/.github%2Fsecwg.yml")
      .reply(404)
      .get("/repos/Codertocat/security-wg/contents/MEMBERS.yml")
      .reply(200, "members:\n  - {login: a, id: x}\n");
    const reply = captureReply();
    await probot.receive(commentEvent("/approve-test high", { id: 1001, login: "alice" }));
    expect(executed).toHaveLength(0);
    expect(reply.posted.body).toContain("members[0] (a).id: expected the numeric GitHub user id");
  });
});
