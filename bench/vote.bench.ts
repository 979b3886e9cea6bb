/**
 * Vote polling benchmark: `npx tsx bench/vote.bench.ts`.
 * 1. Re-counting a vote with 1,000 reactions (10 pages): how many API calls it takes.
 * 2. Re-checking the same, unchanged vote: how many calls count against the rate limit (a 304
 *    answer to a conditional request does not).
 * GitHub is played by nock, answering with ETags the way the REST API does.
 */
import nock from "nock";
import { createSecwgOctokit } from "../src/octokit.js";
import { OctokitGateway } from "../src/github/octokit-gateway.js";
import { refreshVote } from "../src/features/votes/lifecycle.js";
import { renderVoteComment } from "../src/core/vote/vote-comment.js";
import { openVoteRecord, voteMarker } from "../src/core/vote/vote-record.js";
import { tallyVote } from "../src/core/vote/vote-tally.js";

const API = "https://api.github.com";
const KEY = "bench-key";
const ref = { owner: "octo-org", repo: "security-wg", issue_number: 7 };
const members = Array.from({ length: 50 }, (_, i) => ({ id: 1000 + i, login: `member${i}` }));
const record = openVoteRecord({
  kind: "membership",
  target: `${ref.owner}/${ref.repo}#${ref.issue_number}`,
  subject: { id: 5000, login: "newcomer" },
  members,
  opened: new Date("2026-11-25T12:00:00Z"),
  durationDays: 7,
});
// 1,000 reactions: 20 members vote (12 yes, 8 no), 980 reactions from outside the electorate.
const reactions = [
  ...members.slice(0, 12).map((m) => ({ user: m, content: "+1" })),
  ...members.slice(12, 20).map((m) => ({ user: m, content: "-1" })),
  ...Array.from({ length: 980 }, (_, i) => ({ user: { id: 100_000 + i, login: `fan${i}` }, content: i % 3 ? "+1" : "heart" })),
];
const marker = voteMarker(ref);
const body = renderVoteComment({ record, tally: tallyVote(record.electorate, reactions), marker, signingKey: KEY });
const comment = { id: 42, body, user: { login: "secwg[bot]", id: 99, type: "Bot" }, html_url: "https://github.com/x", created_at: "", updated_at: "" };

let calls: string[] = [];
function page(list: unknown[], uri: string, ifNoneMatch: string | undefined): [number, unknown, Record<string, string>] {
  const url = new URL(uri, API);
  const n = Number(url.searchParams.get("page") ?? "1");
  const slice = list.slice((n - 1) * 100, n * 100);
  const etag = `"p${n}-${slice.length}"`;
  const headers: Record<string, string> = { etag };
  if (n * 100 < list.length) {
    url.searchParams.set("page", String(n + 1));
    headers.link = `<${url}>; rel="next"`;
  }
  if (ifNoneMatch === etag) {
    calls.push(`304 ${url.pathname}`);
    return [304, "", headers];
  }
  calls.push(`200 ${url.pathname}`);
  return [200, slice, headers];
}

nock.disableNetConnect();
nock(API)
  .persist()
  .get(`/repos/${ref.owner}/${ref.repo}/issues/${ref.issue_number}/comments`)
  .query(true)
  .reply(function (uri) {
    return page([comment], uri, this.req.headers["if-none-match"] as string | undefined);
  })
  .get(`/repos/${ref.owner}/${ref.repo}/issues/comments/42/reactions`)
  .query(true)
  .reply(function (uri) {
    return page(reactions, uri, this.req.headers["if-none-match"] as string | undefined);
  });
nock.emitter.on("no match", (req: { path?: string }) => calls.push(`UNEXPECTED ${req.path ?? ""}`));

const Octokit = createSecwgOctokit({ throttle: false, retry: false });
const gateway = new OctokitGateway(new Octokit({ auth: { token: "ghs_bench" } } as never));
const env = { gateway, now: new Date("2026-11-26T00:00:00Z"), signingKey: KEY, log: { info() {}, warn() {} } as never };

const started = performance.now();
const first = await refreshVote(env, ref);
const firstMs = performance.now() - started;
const firstCalls = calls;
calls = [];
const second = await refreshVote(env, ref);
const counted = calls.filter((c) => !c.startsWith("304"));

console.log(`first count: ${first.kind}, ${firstCalls.length} API calls (${firstCalls.filter((c) => c.includes("reactions")).length} reaction pages), ${firstMs.toFixed(0)} ms`);
console.log(`unchanged re-check: ${second.kind}, ${calls.length} API calls, ${counted.length} counted against the rate limit`);
if (firstCalls.length > 11 || counted.length > 0) {
  console.error("budget exceeded", { firstCalls, calls });
  process.exit(1);
}
