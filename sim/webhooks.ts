/**
 * Webhook deliveries from the simulator to the app, the way GitHub makes them: one POST per event
 * the app subscribes to, in the order things happened, signed with the webhook secret
 * (`X-Hub-Signature-256`), with `X-GitHub-Event` and `X-GitHub-Delivery`, given up after 10 s, never
 * retried by itself, and listed under `GET /app/hook/deliveries` so they can be redelivered.
 */
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Route } from "./routes.js";
import { HttpError } from "./routes.js";
import type { Simulator } from "./server.js";
import type { Advisory, Comment, Issue, Label, Repo, Review, SimEvent, Account } from "./world.js";

/** GitHub gives up on a delivery after 10 seconds. */
export const DELIVERY_TIMEOUT_MS = 10_000;

export interface Delivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  duration: number;
  status: string;
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
  payload: Record<string, unknown>;
  requestHeaders: Record<string, string>;
  responseBody: string;
}

export interface DispatcherOptions {
  target: string;
  secret: string;
  /** Events the app subscribes to (its manifest's `default_events`); others are not delivered. */
  events: string[];
  appId?: number;
}

const require = createRequire(import.meta.url);
const FIXTURES = new URL("../fixtures/webhooks/", import.meta.url);
let examples: Array<{ name: string; examples: Array<Record<string, unknown>> }> | null = null;

/** A real payload of this event to start from: the project's fixture, else GitHub's published example. */
function template(event: string, action: string | undefined): Record<string, unknown> {
  const file = new URL(`${event}/${action ?? "default"}.json`, FIXTURES);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  examples ??= require("@octokit/webhooks-examples/api.github.com/index.json");
  const group = examples?.find((e) => e.name === event);
  const example = group?.examples.find((e) => e.action === action) ?? group?.examples[0];
  return example ? structuredClone(example) : {};
}

export class WebhookDispatcher {
  readonly deliveries: Delivery[] = [];
  private readonly queue: Array<{ event: string; payload: Record<string, unknown> }> = [];
  private running: Promise<void> | null = null;
  private nextDeliveryId = 90_000_000;
  /** Turn off to let a scenario queue several events and deliver them together. */
  paused = false;

  constructor(
    readonly sim: Simulator,
    readonly options: DispatcherOptions,
  ) {
    sim.world.onEvent((event) => {
      if (!this.subscribed(event.event)) return;
      // GitHub renders the payload when the event happens, not when it is delivered.
      this.queue.push({ event: event.event, payload: this.payload(event) });
      if (!this.paused) this.kick();
    });
    sim.addRoutes(this.routes());
  }

  /** Events queued or being delivered. */
  get busy(): boolean {
    return this.queue.length > 0 || this.running !== null || this.inflight.size > 0;
  }

  subscribed(event: string): boolean {
    return this.options.events.includes(event);
  }

  /** Resolves once every queued delivery, and every delivery those caused, has been answered. */
  async settle(): Promise<void> {
    this.paused = false;
    this.kick();
    while (this.running || this.inflight.size > 0) {
      if (this.running) await this.running;
      await Promise.all([...this.inflight]);
    }
  }

  /** Redeliveries requested through the API, delivered after the 202. */
  private readonly inflight = new Set<Promise<unknown>>();

  private kick(): void {
    if (this.running || this.queue.length === 0) return;
    const holder: { run?: Promise<void> } = {};
    holder.run = (async () => {
      // Yield first so `running` is set before the loop can finish and clear it.
      await Promise.resolve();
      try {
        while (this.queue.length > 0) {
          const next = this.queue.shift() as { event: string; payload: Record<string, unknown> };
          await this.deliver(next.event, next.payload);
        }
      } finally {
        if (this.running === holder.run) this.running = null;
      }
    })();
    this.running = holder.run;
  }

  /** The payload GitHub would send for `event`, built from a real example and the simulator's state. */
  payload(event: SimEvent): Record<string, unknown> {
    const shapes = this.sim.shapes;
    const base = template(event.event, event.action);
    const repo = event.repo;
    const installation = repo ? this.sim.world.installationFor(repo) : this.sim.world.installations[0];
    const payload: Record<string, unknown> = {
      ...base,
      ...(event.action ? { action: event.action } : {}),
      sender: shapes.user(event.sender),
      ...(installation ? { installation: { id: installation.id, node_id: Buffer.from(`Installation${installation.id}`).toString("base64") } } : {}),
    };
    if (repo) {
      payload.repository = shapes.repo(repo);
      if (repo.owner.type === "Organization") payload.organization = organization(this.sim, repo.owner);
      else delete payload.organization;
    }
    for (const [key, value] of Object.entries(event.objects)) {
      // Events about no single repository (installation_repositories) carry plain objects.
      if (!repo) {
        payload[key] = value;
        continue;
      }
      switch (key) {
        case "pull_request":
          payload.pull_request = shapes.pull(repo, value as Issue);
          payload.number = (value as Issue).number;
          break;
        case "issue":
          payload.issue = shapes.issue(repo, value as Issue);
          break;
        case "comment":
          payload.comment = shapes.comment(repo, value as Comment);
          break;
        case "review": {
          const pr = event.objects.pull_request as Issue;
          payload.review = shapes.review(repo, pr, value as Review, true);
          break;
        }
        case "label":
          payload.label = shapes.label(repo, value as Label);
          break;
        case "requested_reviewer":
          payload.requested_reviewer = shapes.user(value as Account);
          break;
        case "repository_advisory":
          payload.repository_advisory = shapes.advisory(repo, value as Advisory);
          break;
        default:
          payload[key] = value;
      }
    }
    return payload;
  }

  /** Signs and POSTs one delivery; resolves with GitHub's record of it. */
  async deliver(event: string, payload: Record<string, unknown>, redeliveryOf?: Delivery): Promise<Delivery> {
    const body = JSON.stringify(payload);
    const guid = redeliveryOf?.guid ?? randomUUID();
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/simulator",
      "x-github-event": event,
      "x-github-delivery": guid,
      "x-github-hook-id": "1",
      "x-github-hook-installation-target-type": "integration",
      "x-github-hook-installation-target-id": String(this.options.appId ?? 1),
      "x-hub-signature-256": `sha256=${createHmac("sha256", this.options.secret).update(body).digest("hex")}`,
      "x-hub-signature": `sha1=${createHmac("sha1", this.options.secret).update(body).digest("hex")}`,
    };
    const started = performance.now();
    let status = 0;
    let text = "";
    let outcome = "OK";
    try {
      const response = await fetch(this.options.target, { method: "POST", headers, body, signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
      status = response.status;
      text = (await response.text()).slice(0, 2000);
      outcome = status >= 200 && status < 300 ? "OK" : `Invalid HTTP Response: ${status}`;
    } catch (error) {
      outcome = (error as { name?: string }).name === "TimeoutError" ? "timed out" : "We couldn't deliver this payload: connection refused";
    }
    const installation = payload.installation as { id?: number } | undefined;
    const repository = payload.repository as { id?: number } | undefined;
    const delivery: Delivery = {
      id: ++this.nextDeliveryId,
      guid,
      delivered_at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      redelivery: !!redeliveryOf,
      duration: Math.round(performance.now() - started) / 1000,
      status: outcome,
      status_code: status,
      event,
      action: typeof payload.action === "string" ? payload.action : null,
      installation_id: installation?.id ?? null,
      repository_id: repository?.id ?? null,
      payload,
      requestHeaders: headers,
      responseBody: text,
    };
    this.deliveries.push(delivery);
    return delivery;
  }

  /** Deliveries GitHub recorded as failed (not 2xx) and not yet redelivered successfully. */
  failed(): Delivery[] {
    const ok = new Set(this.deliveries.filter((d) => d.status_code >= 200 && d.status_code < 300).map((d) => d.guid));
    const latest = new Map<string, Delivery>();
    for (const d of this.deliveries) if (!ok.has(d.guid)) latest.set(d.guid, d);
    return [...latest.values()];
  }

  async redeliver(delivery: Delivery): Promise<Delivery> {
    return this.deliver(delivery.event, delivery.payload, delivery);
  }

  private summary(d: Delivery): Record<string, unknown> {
    const { id, guid, delivered_at, redelivery, duration, status, status_code, event, action, installation_id, repository_id } = d;
    return { id, guid, delivered_at, redelivery, duration, status, status_code, event, action, installation_id, repository_id, throttled_at: null };
  }

  /** `GET /app/hook/deliveries` (newest first, cursor pagination) and redelivery. */
  private routes(): Route[] {
    return [
      {
        method: "GET",
        path: "/app/hook/deliveries",
        handle: (req) => {
          const perPage = Math.min(100, Number(req.query.get("per_page") ?? 30) || 30);
          const start = Number(req.query.get("cursor") ?? 0) || 0;
          const all = [...this.deliveries].reverse();
          const page = all.slice(start, start + perPage);
          const next = start + perPage < all.length ? `<${this.sim.apiBase}/app/hook/deliveries?per_page=${perPage}&cursor=${start + perPage}>; rel="next"` : null;
          return { status: 200, body: page.map((d) => this.summary(d)), ...(next ? { headers: { link: next } } : {}) };
        },
      },
      {
        method: "GET",
        path: "/app/hook/deliveries/{delivery_id}",
        handle: (req) => {
          const d = this.deliveries.find((x) => x.id === Number(req.params.delivery_id));
          if (!d) throw new HttpError(404, "Not Found");
          return { status: 200, body: { ...this.summary(d), url: this.options.target, request: { headers: d.requestHeaders, payload: d.payload }, response: { headers: {}, payload: d.responseBody } } };
        },
      },
      {
        method: "POST",
        path: "/app/hook/deliveries/{delivery_id}/attempts",
        handle: (req) => {
          const d = this.deliveries.find((x) => x.id === Number(req.params.delivery_id));
          if (!d) throw new HttpError(404, "Not Found");
          // GitHub accepts the request and delivers later.
          const later: Promise<unknown> = new Promise((resolve) => setImmediate(resolve)).then(() => this.redeliver(d));
          this.inflight.add(later);
          void later.finally(() => this.inflight.delete(later));
          return { status: 202, body: {} };
        },
      },
    ];
  }
}

function organization(sim: Simulator, org: Account): Record<string, unknown> {
  const api = `${sim.apiBase}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: Buffer.from(`012:Organization${org.id}`).toString("base64"),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${sim.url}/avatars/${org.id}`,
    description: null,
  };
}

export type { Repo };
