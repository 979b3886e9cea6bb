import { Probot } from "probot";
import { coalescedUnder, routeEvents } from "../../src/app/event-routing.js";
import { IntervalGate } from "../../src/app/interval-gate.js";
import { Lifecycle } from "../../src/app/lifecycle.js";
import { WorkQueue } from "../../src/app/work-queue.js";
import type { AppDeps } from "../../src/app/deps.js";
import { DASHBOARD_MARKER } from "../../src/core/dashboard/dashboard.js";
import { renderMarker } from "../../src/core/marker.js";
import { DASHBOARD_EVENTS, dashboardKeyFor, onDashboardEvent } from "../../src/features/dashboard/events.js";
import { createMetrics } from "../../src/metrics.js";
import { KEY } from "../core/board-report/quarter-fixture.js";
import { fakeBoardGitHub } from "../features/board-report-fake.js";
import { loadPayload } from "../helpers/fixtures.js";
import { captureLogger, testPrivateKey } from "../helpers/probot.js";

const BOT = { login: "secwg[bot]", id: 99, type: "Bot" };
const PERSON = { login: "alice", id: 1, type: "User" };
const LOG_ENTRY = `${renderMarker("log-record", "payload.sig")}\n**acknowledged** by @alice`;
const VOTE = `${renderMarker("vote", "acme/security-wg#18")}\n${renderMarker("vote-record", "payload.sig")}\nvote`;
const ELECTION = `${renderMarker("election", "acme/security-wg#30")}\n${renderMarker("election-record", "payload.sig")}\nelection`;

/**
 * The dashboard after events: only an event whose handling wrote a record the dashboard shows (the
 * echo of secwg's own log entry, vote or election record) or a merged pull request asks for a
 * rebuild; a command line by itself does not. Rebuilds are bounded per organisation: one at once,
 * then one trailing rebuild at the end of the interval, whatever the size of the burst; an
 * unchanged dashboard writes nothing.
 */
describe("dashboard refresh after events", () => {
  function setUp(intervalMs: number) {
    const { log } = captureLogger();
    const probot = new Probot({ appId: 1, privateKey: testPrivateKey(), secret: "s", log });
    const queue = new WorkQueue({ concurrency: 1, onError: () => {} });
    const routed = routeEvents(probot, { queue, metrics: createMetrics(), lifecycle: new Lifecycle(), retryDelaysMs: [] });
    const fake = fakeBoardGitHub();
    const gate = new IntervalGate({ intervalMs });
    let rebuilds = 0;
    const deps = {
      now: () => new Date("2026-12-21T09:00:00Z"),
      signingKey: KEY,
      gatewayFor: () => {
        rebuilds++;
        return fake.gateway;
      },
    } as unknown as AppDeps;
    routed.on([...DASHBOARD_EVENTS], coalescedUnder(dashboardKeyFor, (context) => onDashboardEvent(context, deps, gate)));
    let id = 0;
    const comment = (n: number, body: string, user = BOT, action: "created" | "edited" = "created") => {
      const payload = loadPayload("issue_comment", "created") as any;
      payload.action = action;
      payload.repository.owner.login = "acme";
      payload.issue.number = n;
      payload.comment.body = body;
      payload.comment.user = { ...payload.comment.user, ...user };
      return probot.receive({ id: `d-${++id}`, name: "issue_comment", payload });
    };
    const closed = (n: number, merged: boolean) => {
      const payload = loadPayload("pull_request", "closed") as any;
      payload.repository.owner.login = "acme";
      payload.number = n;
      payload.pull_request.number = n;
      payload.pull_request.merged = merged;
      return probot.receive({ id: `p-${++id}`, name: "pull_request", payload });
    };
    return { queue, fake, gate, comment, closed, rebuilds: () => rebuilds };
  }

  it("rebuilds after the echo of a record secwg wrote or rewrote, and after a merged pull request", () => {
    const at = (payload: unknown) => dashboardKeyFor(payload);
    const repository = { owner: { login: "acme" } };
    expect(at({ repository, comment: { body: LOG_ENTRY, user: BOT } })).toBe("dashboard:acme");
    expect(at({ repository, comment: { body: VOTE, user: BOT } })).toBe("dashboard:acme");
    expect(at({ repository, comment: { body: ELECTION, user: BOT } })).toBe("dashboard:acme");
    expect(at({ repository, pull_request: { merged: true } })).toBe("dashboard:acme");
    // A person's command, a person pasting a record, a reply without a record, a pull request closed unmerged.
    expect(at({ repository, comment: { body: "/vote yes", user: PERSON } })).toBeNull();
    expect(at({ repository, comment: { body: LOG_ENTRY, user: PERSON } })).toBeNull();
    expect(at({ repository, comment: { body: `${renderMarker("reply", "1:1")}\n@alice, only signers can approve.`, user: BOT } })).toBeNull();
    expect(at({ repository, pull_request: { merged: false } })).toBeNull();
    expect(at({ comment: { body: LOG_ENTRY, user: BOT } })).toBeNull();
  });

  it("a burst of record writes across threads causes one rebuild at once and one trailing rebuild; an unchanged dashboard then writes nothing", async () => {
    const { queue, fake, gate, comment, closed, rebuilds } = setUp(60_000);
    for (let n = 1; n <= 10; n++) await comment(n, n % 2 ? LOG_ENTRY : VOTE, BOT, n % 3 ? "created" : "edited");
    for (let n = 20; n < 25; n++) await closed(n, true);
    await queue.idle();
    expect(rebuilds()).toBe(1);
    expect(gate.pending("dashboard:acme")).toBe(true);
    expect(fake.state.writes).toEqual([`created ${DASHBOARD_MARKER}`]);
    await gate.flush();
    expect(rebuilds()).toBe(2);
    // The trailing rebuild finds the dashboard unchanged: no write.
    expect(fake.state.writes).toEqual([`created ${DASHBOARD_MARKER}`]);
    gate.close();
  });

  it("commands, discussion and pull requests closed unmerged queue nothing", async () => {
    const { queue, fake, gate, comment, closed, rebuilds } = setUp(0);
    await comment(1, "/vote yes", PERSON);
    await comment(2, "thanks, looks good", PERSON);
    await comment(3, LOG_ENTRY, PERSON);
    await closed(4, false);
    await queue.idle();
    expect(rebuilds()).toBe(0);
    expect(gate.pending()).toBe(false);
    expect(fake.state.writes).toEqual([]);
  });
});
