import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import nock from "nock";
import { Probot, type ApplicationFunction } from "probot";
import { createSecwgOctokit } from "../../src/octokit.js";
import { createApp } from "../../src/index.js";
import type { AppDeps } from "../../src/app/deps.js";
import { fixedIdentity } from "../../src/github/octokit-gateway.js";
import { createLogger, SecretRegistry, type Logger } from "../../src/logger.js";

export const API = "https://api.github.com";
export const INSTALLATION_ID = 2;
/** The app's bot account in handler tests (the fakes author secwg's comments and issues as it). */
export const TEST_BOT = { id: 99, login: "secwg[bot]" };

let privateKey: string | undefined;
/** A real RSA key so Probot can sign its app JWT; generated once per test file. */
export function testPrivateKey(): string {
  privateKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  return privateKey;
}

/** A logger whose every line is kept, so tests can assert what was (not) logged. */
export function captureLogger(registry = new SecretRegistry()): { log: Logger; lines: string[]; registry: SecretRegistry } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ level: "trace", destination, registry }), lines, registry };
}

export interface TestApp {
  probot: Probot;
  logLines: string[];
}

/**
 * A Probot instance running secwg with retries and throttling off (so nock sees each request once
 * and tests do not wait), a fixed clock, and a logger the test can read.
 */
export async function createTestApp(deps: Partial<AppDeps> = {}): Promise<TestApp> {
  return createTestProbot(createApp({ now: () => new Date("2026-11-25T12:00:00Z"), signingKey: "test-secret", inline: true, identity: fixedIdentity(TEST_BOT), ...deps }));
}

/** Like `createTestApp`, for an arbitrary application function (to test one handler alone). */
export async function createTestProbot(appFn: ApplicationFunction): Promise<TestApp> {
  const { log, lines } = captureLogger();
  const probot = new Probot({
    appId: 123,
    privateKey: testPrivateKey(),
    secret: "test-secret",
    log,
    // Probot merges its own throttle options over plain defaults; this class really turns both off.
    Octokit: createSecwgOctokit({ retry: false, throttle: false }),
  });
  await probot.load(appFn, {
    cwd: process.cwd(),
    addHandler: () => {},
  });
  return { probot, logLines: lines };
}

/** The installation token exchange Probot performs before the first API call of an event. */
export function mockInstallationToken(installationId = INSTALLATION_ID): nock.Scope {
  return nock(API)
    .post(`/app/installations/${installationId}/access_tokens`)
    .reply(201, { token: "ghs_testtoken000000000000000000000000", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
}

const unmatched: string[] = [];

/**
 * Fails the test on any request nock did not expect and on any expected request that was not made.
 * Call once at the top of each handler test file.
 */
export function useStrictNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.emitter.on("no match", (req: { method?: string; path?: string; options?: { method?: string; path?: string } }) => {
      unmatched.push(`${req.method ?? req.options?.method ?? "?"} ${req.path ?? req.options?.path ?? "?"}`);
    });
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    const unexpected = unmatched.splice(0);
    nock.cleanAll();
    nock.emitter.removeAllListeners("request");
    expect({ pending, unexpected }).toEqual({ pending: [], unexpected: [] });
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.emitter.removeAllListeners("no match");
  });
}

let forwardingScopeRequests = false;
/**
 * nock emits "request" on each scope, not on `nock.emitter`; forward every scope's event to the
 * global emitter once, so `recordRequests` sees requests of scopes created after it is called.
 */
function forwardScopeRequests(): void {
  if (forwardingScopeRequests) return;
  forwardingScopeRequests = true;
  const proto = Object.getPrototypeOf(nock("http://forward.invalid")) as { emit(event: string | symbol, ...args: unknown[]): boolean };
  const emit = proto.emit;
  proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
    if (event === "request") nock.emitter.emit("request", ...args);
    return emit.call(this, event, ...args);
  };
}

/** Counts the requests a scope saw, split into reads and writes (the scarce resource). */
export function recordRequests(): { reads: string[]; writes: string[] } {
  forwardScopeRequests();
  const record = { reads: [] as string[], writes: [] as string[] };
  nock.emitter.on("request", (req: { method: string; path: string }) => {
    const entry = `${req.method} ${req.path}`;
    if (req.path.includes("/access_tokens")) return;
    (req.method === "GET" ? record.reads : record.writes).push(entry);
  });
  return record;
}
