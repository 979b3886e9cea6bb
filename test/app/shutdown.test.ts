import { EventEmitter } from "node:events";
import { Lifecycle } from "../../src/app/lifecycle.js";
import { shutDown } from "../../src/app/shutdown.js";
import { QueueClosedError, WorkQueue } from "../../src/app/work-queue.js";
import { createMetrics } from "../../src/metrics.js";
import { deliveryIdOf, installProcessGuard } from "../../src/process-guard.js";
import { captureLogger } from "../helpers/probot.js";

describe("graceful shutdown", () => {
  it("finishes queued work within the grace period, then stops the server and exits 0", async () => {
    const { log, lines } = captureLogger();
    const lifecycle = new Lifecycle();
    const queue = new WorkQueue({ concurrency: 1, onError: () => {} });
    const done: string[] = [];
    queue.enqueue({ key: "o/r#1", deliveryId: "d1", name: "pull_request.opened" }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      done.push("d1");
    });
    const events: string[] = [];
    await shutDown("SIGTERM", { lifecycle, queue, graceMs: 5000, log, stopServer: async () => void events.push("server stopped"), exit: (code) => void events.push(`exit ${code}`) });
    expect(done).toEqual(["d1"]);
    expect(lifecycle.shuttingDown).toBe(true);
    expect(events).toEqual(["server stopped", "exit 0"]);
    expect(lines.join("")).not.toContain("left unfinished");
  });

  it("logs the delivery id of work that does not finish in time and refuses new work", async () => {
    const { log, lines } = captureLogger();
    const lifecycle = new Lifecycle();
    const queue = new WorkQueue({ concurrency: 1, onError: () => {} });
    queue.enqueue({ key: "o/r#1", deliveryId: "stuck-delivery", name: "issue_comment.created" }, () => new Promise(() => {}));
    queue.enqueue({ key: "o/r#2", deliveryId: "waiting-delivery", name: "pull_request.opened" }, async () => {});
    let exitCode: number | undefined;
    await shutDown("SIGTERM", { lifecycle, queue, graceMs: 20, log, stopServer: async () => {}, exit: (code) => void (exitCode = code) });
    const unfinished = lines.filter((l) => l.includes("left unfinished")).map((l) => JSON.parse(l).delivery);
    expect(unfinished).toEqual(["stuck-delivery", "waiting-delivery"]);
    expect(exitCode).toBe(0);
    expect(() => queue.enqueue({ key: "x", deliveryId: "late", name: "ping" }, async () => {})).toThrow(QueueClosedError);
  });

  it("stops the sweep timer when shutdown begins", async () => {
    const lifecycle = new Lifecycle();
    let stopped = 0;
    lifecycle.onShutdown(() => void stopped++);
    await lifecycle.beginShutdown();
    await lifecycle.beginShutdown();
    expect(stopped).toBe(1);
  });
});

describe("process guard", () => {
  it("logs an unhandled rejection with its delivery id, counts it, and keeps running", async () => {
    const { log, lines } = captureLogger();
    const metrics = createMetrics();
    const target = new EventEmitter();
    let fatal = false;
    const remove = installProcessGuard({ log, metrics, target, onFatal: () => void (fatal = true) });
    const error = Object.assign(new Error("late failure"), { event: { id: "delivery-42" } });
    target.emit("unhandledRejection", error);
    remove();
    expect(fatal).toBe(false);
    expect(JSON.parse(lines.find((l) => l.includes("unhandled promise rejection")) as string)).toMatchObject({ delivery: "delivery-42" });
    expect(await metrics.registry.getSingleMetricAsString("secwg_unhandled_errors_total")).toContain('kind="rejection"} 1');
  });

  it("logs and counts an uncaught exception, then hands over to the fatal path", async () => {
    const { log, lines } = captureLogger();
    const metrics = createMetrics();
    const target = new EventEmitter();
    let fatal = false;
    const remove = installProcessGuard({ log, metrics, target, onFatal: () => void (fatal = true) });
    target.emit("uncaughtException", new Error("corrupt"));
    remove();
    expect(fatal).toBe(true);
    expect(lines.join("")).toContain("uncaught exception");
    expect(await metrics.registry.getSingleMetricAsString("secwg_unhandled_errors_total")).toContain('kind="exception"} 1');
  });

  it("finds the delivery id only where webhook errors carry it", () => {
    expect(deliveryIdOf(Object.assign(new Error("x"), { event: { id: "abc" } }))).toBe("abc");
    expect(deliveryIdOf("a string")).toBeUndefined();
    expect(deliveryIdOf(null)).toBeUndefined();
  });
});
