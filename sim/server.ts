/**
 * The local GitHub simulator's HTTP side: serves ROUTES under `/api/v3` on 127.0.0.1 (the base URL
 * Probot uses with `GHE_HOST` + `GHE_PROTOCOL=http`), validates every request against the vendored
 * OpenAPI subset, and applies the knobs: latency, seeded faults, rate-limit accounting, ETags and
 * pagination. Every request is logged so scenarios can count writes and search what was written.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { OpenApiValidator, type Violation } from "./openapi.js";
import { renderPage } from "./pages.js";
import { HttpError, ROUTES, type Route, type RouteContext, type SimRequest, type SimResponse } from "./routes.js";
import { Shapes } from "./shapes.js";
import { World, type Account } from "./world.js";

export type FaultKind = "5xx" | "secondary-rate-limit" | "connection-reset" | "timeout";

export interface SimulatorOptions {
  /** Milliseconds added before answering each API call. */
  latencyMs?: number;
  faults?: {
    /** Share of API calls that fail, 0..1. */
    rate: number;
    seed?: number;
    kinds?: FaultKind[];
    /** How long a `timeout` fault holds the connection before dropping it. */
    timeoutMs?: number;
    /** The `retry-after` of an injected secondary rate limit, in seconds. */
    retryAfterSeconds?: number;
    /** Only calls for which this returns true can fail (default: all but token exchanges). */
    applies?: (method: string, path: string) => boolean;
  };
  limits?: { pointsPerHour?: number; pointsPerMinute?: number; contentPerMinute?: number; contentPerHour?: number };
  /** Answer requests the OpenAPI description does not allow with 404/422 (default true). */
  validate?: boolean;
  /** The login of the app's bot account. */
  botLogin?: string;
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  path: string;
  /** The OpenAPI template that matched, e.g. `POST /repos/{owner}/{repo}/issues`. */
  route: string | null;
  status: number;
  installationId: number | null;
  body: unknown;
  write: boolean;
  fault: FaultKind | null;
  durationMs: number;
  /** When the request arrived (performance.now()). */
  at: number;
}

interface Bucket {
  hourStart: number;
  used: number;
  minute: Array<{ at: number; points: number; content: boolean }>;
  contentHour: number[];
}

/** mulberry32: a tiny seeded generator, so a fault schedule can be replayed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Simulator {
  readonly world = new World();
  readonly log: RequestLogEntry[] = [];
  readonly violations: Violation[] = [];
  readonly bot: Account;
  shapes!: Shapes;
  options: SimulatorOptions;
  private server: Server | null = null;
  private readonly validator = new OpenApiValidator();
  /** This simulator's operations: the shared table plus any added with `addRoutes`. */
  private readonly routes: Route[] = [...ROUTES];
  private readonly tokens = new Map<string, number>();
  private readonly buckets = new Map<number, Bucket>();
  private random: () => number;
  private seq = 0;
  /** Extra handlers for non-API paths (webhooks.ts mounts delivery pages here). */
  private readonly openRequests = new Set<ServerResponse>();

  constructor(options: SimulatorOptions = {}) {
    this.options = options;
    this.random = seededRandom(options.faults?.seed ?? 1);
    this.bot = this.world.addAccount(options.botLogin ?? "secwg[bot]", "Bot", 4_000_001);
  }

  /** Changes knobs between scenario steps (e.g. turn faults on after seeding). */
  configure(options: Partial<SimulatorOptions>): void {
    this.options = { ...this.options, ...options };
    if (options.faults) this.random = seededRandom(options.faults.seed ?? 1);
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error("simulator is not listening");
    return `http://127.0.0.1:${address.port}`;
  }

  /** `127.0.0.1:PORT`, the value for Probot's `GHE_HOST`. */
  get host(): string {
    return this.url.replace(/^http:\/\//, "");
  }

  get apiBase(): string {
    return `${this.url}/api/v3`;
  }

  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => {
      this.openRequests.add(res);
      res.on("close", () => this.openRequests.delete(res));
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `simulator error: ${error instanceof Error ? error.message : String(error)}` }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.world.webBase = this.url;
    this.shapes = new Shapes(this.world, this.apiBase, this.url);
  }

  async stop(): Promise<void> {
    for (const res of this.openRequests) res.socket?.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Serves more operations, or replaces simulated ones (same method and path). */
  addRoutes(routes: Route[]): void {
    for (const route of routes) {
      const index = this.routes.findIndex((r) => r.method === route.method && r.path === route.path);
      if (index >= 0) this.routes.splice(index, 1, route);
      else this.routes.push(route);
    }
  }

  /** Writes (anything but GET) the app made, optionally only since log position `from`. */
  writes(from = 0): RequestLogEntry[] {
    return this.log.slice(from).filter((e) => e.write && e.status < 400 && e.route !== "POST /app/installations/{installation_id}/access_tokens");
  }

  /** Calls that cost primary rate-limit points (a 304 costs none). */
  pointsSpent(from = 0): number {
    return this.log.slice(from).filter((e) => e.status !== 304 && !e.route?.startsWith("POST /app/installations")).length;
  }

  // --- request handling ---

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    if (!url.pathname.startsWith("/api/v3/")) {
      const page = this.extraHandler?.(req, url) ?? renderPage(this.world, this.shapes, url.pathname);
      res.writeHead(page.status, { "content-type": page.type }).end(page.body);
      return;
    }
    const path = url.pathname.slice("/api/v3".length);
    const method = (req.method ?? "GET").toUpperCase();
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
    } catch {
      return this.reply(res, { method, path, route: null, body: raw, installationId: null, started }, { status: 400, body: { message: "Problems parsing JSON" } });
    }
    const entry = { method, path, route: null as string | null, body, installationId: null as number | null, started };

    const match = this.validator.match(method, path);
    const route = match ? this.routes.find((r) => r.method === method && r.path === match.operation.path) : undefined;
    if (!match || !route) {
      this.violations.push({ method, path, problem: match ? "documented but not simulated" : "not a documented GitHub REST operation" });
      return this.reply(res, entry, { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } });
    }
    entry.route = `${method} ${route.path}`;

    // Authentication: the app JWT for /app/*, an installation token for everything else.
    const auth = String(req.headers.authorization ?? "");
    const token = auth.replace(/^(token|bearer)\s+/i, "");
    const isJwt = token.startsWith("eyJ");
    const installationId = this.tokens.get(token) ?? null;
    entry.installationId = installationId;
    const appRoute = route.path.startsWith("/app");
    if (appRoute ? !isJwt : installationId === null) {
      return this.reply(res, entry, { status: 401, body: { message: appRoute ? "A JSON web token could not be decoded" : "Bad credentials" } });
    }

    if (this.options.validate !== false) {
      const problems = this.validator.check(match.operation, url.searchParams, method === "GET" || method === "HEAD" ? undefined : body);
      if (problems.length > 0) {
        this.violations.push({ method, path, operationId: match.operation.operationId, problem: problems.join("; ") });
        return this.reply(res, entry, { status: 422, body: { message: "Invalid request.", errors: problems, documentation_url: "https://docs.github.com/rest" } });
      }
    }

    if (this.options.latencyMs) await sleep(this.options.latencyMs);

    const fault = this.pickFault(method, route.path);
    if (fault === "connection-reset") {
      this.record(entry, 0, fault);
      req.socket.destroy();
      return;
    }
    if (fault === "timeout") {
      await sleep(this.options.faults?.timeoutMs ?? 2000);
      this.record(entry, 0, fault);
      req.socket.destroy();
      return;
    }
    if (fault === "5xx") return this.reply(res, entry, { status: 502, body: { message: "Server Error" } }, fault);
    if (fault === "secondary-rate-limit") {
      return this.reply(res, entry, { status: 403, body: secondaryLimitBody(), headers: { "retry-after": String(this.options.faults?.retryAfterSeconds ?? 1) } }, fault);
    }

    // Rate limits are per installation; token exchanges are the app's own budget and not counted.
    const limited = installationId !== null ? this.charge(installationId, method, route.createsContent === true) : null;
    if (limited) return this.reply(res, entry, limited);

    const ctx: RouteContext = { world: this.world, shapes: this.shapes, bot: this.bot };
    const simRequest: SimRequest = { method, path, params: match.params, query: url.searchParams, headers: req.headers, body: body ?? {}, actor: installationId !== null ? this.bot : null, installationId };
    let response: SimResponse;
    try {
      response = route.handle(simRequest, ctx);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      response = { status: error.status, body: { message: error.message, documentation_url: "https://docs.github.com/rest", ...error.extra } };
    }
    if (route.path === "/app/installations/{installation_id}/access_tokens" && response.status === 201) {
      this.tokens.set((response.body as { token: string }).token, Number(match.params.installation_id));
    }
    this.reply(res, entry, this.paginate(response, url), null, req, installationId);
  }

  /** Set by webhooks.ts to serve its delivery pages; returns null to fall through. */
  extraHandler: ((req: IncomingMessage, url: URL) => { status: number; type: string; body: string } | null) | null = null;

  private pickFault(method: string, path: string): FaultKind | null {
    const faults = this.options.faults;
    if (!faults || faults.rate <= 0) return null;
    const applies = faults.applies ?? ((_m: string, p: string) => !p.includes("/access_tokens"));
    if (!applies(method, path)) return null;
    if (this.random() >= faults.rate) return null;
    const kinds = faults.kinds ?? ["5xx", "secondary-rate-limit", "connection-reset", "timeout"];
    return kinds[Math.floor(this.random() * kinds.length)] ?? "5xx";
  }

  /**
   * GitHub's limits, per installation: 5,000 points an hour (a 304 is free), 900 points a minute
   * (GET 1, other methods 5), 80 content-creating requests a minute and 500 an hour.
   * @see https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
   */
  private charge(installationId: number, method: string, content: boolean): SimResponse | null {
    const now = Date.now();
    const limits = { pointsPerHour: 5000, pointsPerMinute: 900, contentPerMinute: 80, contentPerHour: 500, ...this.options.limits };
    let bucket = this.buckets.get(installationId);
    if (!bucket || now - bucket.hourStart >= 3600_000) {
      bucket = { hourStart: now, used: 0, minute: [], contentHour: [] };
      this.buckets.set(installationId, bucket);
    }
    bucket.minute = bucket.minute.filter((m) => now - m.at < 60_000);
    bucket.contentHour = bucket.contentHour.filter((at) => now - at < 3600_000);
    if (bucket.used >= limits.pointsPerHour) {
      return { status: 403, body: { message: "API rate limit exceeded for installation.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" }, headers: this.rateHeaders(installationId) };
    }
    const points = method === "GET" || method === "HEAD" ? 1 : 5;
    const minutePoints = bucket.minute.reduce((n, m) => n + m.points, 0);
    const minuteContent = bucket.minute.filter((m) => m.content).length;
    if (minutePoints + points > limits.pointsPerMinute || (content && (minuteContent >= limits.contentPerMinute || bucket.contentHour.length >= limits.contentPerHour))) {
      return { status: 403, body: secondaryLimitBody(), headers: { "retry-after": "60" } };
    }
    bucket.minute.push({ at: now, points, content });
    if (content) bucket.contentHour.push(now);
    return null;
  }

  private rateHeaders(installationId: number | null): Record<string, string> {
    if (installationId === null) return {};
    const limit = this.options.limits?.pointsPerHour ?? 5000;
    const bucket = this.buckets.get(installationId);
    const used = bucket?.used ?? 0;
    return {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(Math.max(0, limit - used)),
      "x-ratelimit-used": String(used),
      "x-ratelimit-reset": String(Math.ceil(((bucket?.hourStart ?? Date.now()) + 3600_000) / 1000)),
      "x-ratelimit-resource": "core",
    };
  }

  private paginate(response: SimResponse, url: URL): SimResponse {
    if (!response.list) return response;
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("per_page") ?? 30) || 30));
    const page = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
    const last = Math.max(1, Math.ceil(response.list.length / perPage));
    const items = response.list.slice((page - 1) * perPage, page * perPage);
    const link = (p: number, rel: string): string => {
      const next = new URL(`${this.url}${url.pathname}${url.search}`);
      next.searchParams.set("per_page", String(perPage));
      next.searchParams.set("page", String(p));
      return `<${next.toString()}>; rel="${rel}"`;
    };
    const links = [
      ...(page > 1 ? [link(page - 1, "prev"), link(1, "first")] : []),
      ...(page < last ? [link(page + 1, "next"), link(last, "last")] : []),
    ];
    return {
      status: response.status,
      body: response.listKey ? { total_count: response.list.length, ...(response.listKey === "items" ? { incomplete_results: false } : {}), [response.listKey]: items } : items,
      headers: { ...response.headers, ...(links.length > 0 ? { link: links.join(", ") } : {}) },
    };
  }

  private reply(
    res: ServerResponse,
    entry: { method: string; path: string; route: string | null; body: unknown; installationId: number | null; started: number },
    response: SimResponse,
    fault: FaultKind | null = null,
    req?: IncomingMessage,
    installationId: number | null = null,
  ): void {
    const headers: Record<string, string> = {
      "x-github-media-type": "github.v3; format=json",
      "x-github-request-id": `SIM:${this.seq + 1}`,
      ...this.rateHeaders(installationId),
      ...response.headers,
    };
    let payload = "";
    let status = response.status;
    if (response.text !== undefined) {
      payload = response.text;
      headers["content-type"] = "application/vnd.github.raw; charset=utf-8";
    } else if (response.body !== undefined) {
      payload = JSON.stringify(response.body);
      headers["content-type"] = "application/json; charset=utf-8";
    }
    if (status === 200 && entry.method === "GET") {
      const etag = `W/"${createHash("sha1").update(payload).digest("hex")}"`;
      headers.etag = etag;
      if (req && String(req.headers["if-none-match"] ?? "") === etag) {
        status = 304;
        payload = "";
        delete headers["content-type"];
      }
    }
    if (status !== 304 && installationId !== null && !fault) {
      const bucket = this.buckets.get(installationId);
      if (bucket) {
        bucket.used++;
        Object.assign(headers, this.rateHeaders(installationId));
      }
    }
    this.record(entry, status, fault);
    res.writeHead(status, headers).end(payload);
  }

  private record(entry: { method: string; path: string; route: string | null; body: unknown; installationId: number | null; started: number }, status: number, fault: FaultKind | null): void {
    this.log.push({
      seq: ++this.seq,
      method: entry.method,
      path: entry.path,
      route: entry.route,
      status,
      installationId: entry.installationId,
      body: entry.body,
      write: entry.method !== "GET" && entry.method !== "HEAD",
      fault,
      durationMs: Math.round(performance.now() - entry.started),
      at: entry.started,
    });
  }
}

function secondaryLimitBody(): Record<string, string> {
  return {
    message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
