import fc from "fast-check";
import nock from "nock";
import { loadPayload } from "../helpers/fixtures.js";
import { API, createTestApp } from "../helpers/probot.js";

/** Every (event, action) secwg has a real fixture for. */
const FIXTURES: [string, string][] = [
  ["issue_comment", "created"],
  ["pull_request", "opened"],
  ["pull_request", "synchronize"],
  ["pull_request", "reopened"],
  ["pull_request_review", "submitted"],
  ["repository_advisory", "reported"],
];

type Json = unknown;

function paths(value: Json, prefix: (string | number)[] = [], depth = 0, out: (string | number)[][] = []): (string | number)[][] {
  if (depth > 4 || value === null || typeof value !== "object") return out;
  for (const [key, child] of Object.entries(value as Record<string, Json>)) {
    if (key === "installation") continue; // without it Probot cannot authenticate at all
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    paths(child, path, depth + 1, out);
  }
  return out;
}

/** Replaces (or deletes) the value at `path` in a deep copy. */
function mutate(payload: Json, path: (string | number)[], replacement: { delete: true } | { value: Json }): Json {
  const copy = structuredClone(payload) as Record<string | number, any>;
  let node: any = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1] as string | number;
  if ("delete" in replacement) delete node[last];
  else node[last] = replacement.value;
  return copy;
}

const hostile = fc.oneof(
  fc.constant({ delete: true as const }),
  fc.anything({ maxDepth: 2 }).map((value) => ({ value })),
  fc.constantFrom(null, "", 0, -1, 2 ** 53, true, [], {}).map((value) => ({ value })),
  fc.string({ unit: "grapheme", maxLength: 200 }).map((value) => ({ value })),
  fc.constant({ value: "/ack\n".repeat(20_000) + "\u202e\u0000😀" }),
);

describe("fuzz: webhook handlers", () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(() => {
    nock.disableNetConnect();
    process.on("unhandledRejection", onUnhandled);
  });
  beforeEach(() => {
    // A GitHub that issues tokens and answers everything else 404: handlers must cope.
    nock(API)
      .persist()
      .post(/\/app\/installations\/\d+\/access_tokens/)
      .reply(201, { token: "ghs_fuzz", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
      .get(/.*/)
      .reply(404, { message: "Not Found" })
      .post(/.*/)
      .reply(404, { message: "Not Found" })
      .patch(/.*/)
      .reply(404, { message: "Not Found" })
      .put(/.*/)
      .reply(404, { message: "Not Found" })
      .delete(/.*/)
      .reply(404, { message: "Not Found" });
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    process.off("unhandledRejection", onUnhandled);
    nock.enableNetConnect();
  });

  it.each(FIXTURES)("survives malformed %s.%s payloads: every delivery settles, nothing is left unhandled", async (event, action) => {
    const { probot } = await createTestApp();
    const base = loadPayload(event, action);
    const candidates = paths(base);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: candidates.length - 1 }), hostile, async (index, replacement) => {
        const payload = mutate(base, candidates[index] as (string | number)[], replacement) as any;
        const outcome = await probot.receive({ id: "fuzz", name: event as any, payload }).then(
          () => "handled",
          (error: unknown) => (error instanceof Error ? "rejected" : "threw a non-error"),
        );
        expect(outcome).not.toBe("threw a non-error");
      }),
      { numRuns: 25 },
    );
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([]);
  });
});
