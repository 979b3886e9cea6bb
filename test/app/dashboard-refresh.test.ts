import { Probot } from "probot";
import { coalescedUnder, routeEvents } from "../../src/app/event-routing.js";
import { Lifecycle } from "../../src/app/lifecycle.js";
import { WorkQueue } from "../../src/app/work-queue.js";
import type { AppDeps } from "../../src/app/deps.js";
import { DASHBOARD_MARKER } from "../../src/core/dashboard/dashboard.js";
import { DASHBOARD_EVENTS, dashboardKeyFor, refreshDashboard } from "../../src/features/dashboard/events.js";
import { createMetrics } from "../../src/metrics.js";
import { KEY } from "../core/board-report/quarter-fixture.js";
import { fakeBoardGitHub } from "../features/board-report-fake.js";
import { loadPayload } from "../helpers/fixtures.js";
import { captureLogger, testPrivateKey } from "../helpers/probot.js";

/**
 * The dashboard after events: a burst of events queues one refresh of the organisation's dashboard
 * (routine work under `dashboard:<org>`, one part whatever the event), and a refresh that finds
 * nothing changed writes nothing.
 */
describe("dashboard refresh after events", () => {
  function setUp() {
    const { log } = captureLogger();
    const probot = new Probot({ appId: 1, privateKey: testPrivateKey(), secret: "s", log });
    const queue = new WorkQueue({ concurrency: 1, onError: () => {} });
    const routed = routeEvents(probot, { queue, metrics: createMetrics(), lifecycle: new Lifecycle(), retryDelaysMs: [] });
    const fake = fakeBoardGitHub();
    let rebuilds = 0;
    const deps = { now: () => new Date("2026-12-21T09:00:00Z"), signingKey: KEY, gatewayFor: () => fake.gateway } as unknown as AppDeps;
    routed.on([...DASHBOARD_EVENTS], coalescedUnder(dashboardKeyFor, async (context) => {
      rebuilds++;
      await refreshDashboard(context, deps);
    }));
    const comment = (n: number, body: string) => {
      const payload = loadPayload("issue_comment", "created") as any;
      payload.repository.owner.login = "acme";
      payload.issue.number = n;
      payload.comment.body = body;
      return probot.receive({ id: `d-${n}-${body.length}`, name: "issue_comment", payload });
    };
    const closed = (n: number) => {
      const payload = loadPayload("pull_request", "closed") as any;
      payload.repository.owner.login = "acme";
      payload.number = n;
      payload.pull_request.number = n;
      return probot.receive({ id: `p-${n}`, name: "pull_request", payload });
    };
    /** Occupies the one slot, so the events of a burst all arrive while their refresh waits. */
    const hold = () => {
      let release = () => {};
      queue.enqueue({ key: "other", name: "hold", deliveryId: "hold" }, () => new Promise<void>((r) => (release = r)));
      return () => release();
    };
    return { queue, fake, comment, closed, hold, rebuilds: () => rebuilds };
  }

  it("a burst of commands and closed pull requests across threads causes one rebuild; an unchanged dashboard then writes nothing", async () => {
    const { queue, fake, comment, closed, hold, rebuilds } = setUp();
    let release = hold();
    for (let n = 1; n <= 10; n++) await comment(n, n % 2 ? "/vote yes" : "/approve-report");
    for (let n = 20; n < 25; n++) await closed(n);
    expect(queue.waitingObjects).toBeGreaterThanOrEqual(1);
    release();
    await queue.idle();
    expect(rebuilds()).toBe(1);
    expect(fake.state.writes).toEqual([`created ${DASHBOARD_MARKER}`]);

    // The same again: one more rebuild, which finds the dashboard unchanged and writes nothing.
    release = hold();
    for (let n = 1; n <= 5; n++) await comment(n, "/grant-access @dave");
    release();
    await queue.idle();
    expect(rebuilds()).toBe(2);
    expect(fake.state.writes).toEqual([`created ${DASHBOARD_MARKER}`]);
  });

  it("a comment with no command queues nothing", async () => {
    const { queue, fake, comment, rebuilds } = setUp();
    await comment(1, "thanks, looks good");
    await queue.idle();
    expect(rebuilds()).toBe(0);
    expect(fake.state.writes).toEqual([]);
  });
});
