import type { Harness } from "../../sim/harness.js";
import type { Advisory, Issue } from "../../sim/world.js";
import { parseRecord, type LogRecord } from "../../src/core/reports/report-log.js";
import { toAdvisory } from "../../src/github/advisory-shape.js";
import type { Advisory as SecwgAdvisory } from "../../src/core/reports/advisory.js";

/** A private report taken in, acknowledged, triaged valid and given a severity by a signer. */
export async function triagedReport(h: Harness): Promise<{ advisory: Advisory; issue: Issue }> {
  const { webapp, tracker, mallory, members } = h.org;
  const world = h.sim.world;
  const advisory = await h.act(() =>
    world.reportVulnerability(webapp, mallory, { summary: "XSS in the banner", description: "mark_safe on input", severity: "high", package: { ecosystem: "pip", name: "acme-webapp" }, vulnerable_version_range: "< 2.4.1" }),
  );
  const issue = tracker.issues.find((i) => i.title.includes(advisory.ghsa_id));
  if (!issue) throw new Error("no tracker issue");
  for (const text of ["/ack", "/triage valid", "/severity high"]) await h.act(() => world.addComment(tracker, issue, members.bob, text));
  return { advisory, issue };
}

/** The last log record in secwg's comments of `issue`, as anyone who can read the tracker sees it. */
export function lastRecord(h: Harness, issue: Issue): LogRecord {
  const records = issue.comments.filter((c) => c.user.id === h.sim.bot.id).map((c) => parseRecord(c.body)).filter((r): r is LogRecord => r !== null);
  const last = records.sort((a, b) => a.seq - b.seq).at(-1);
  if (!last) throw new Error("no log record");
  return last;
}

/** The advisory as secwg reads it (for the hash an approval covers). */
export function asSecwgAdvisory(advisory: Advisory): SecwgAdvisory {
  return toAdvisory(advisory as never, { owner: "acme", repo: "webapp" });
}

/** Every comment secwg wrote anywhere in the simulated world. */
export function appComments(h: Harness): Array<{ repo: string; body: string }> {
  return h.sim.world.repos.flatMap((r) => r.issues.flatMap((i) => i.comments.filter((c) => c.user.id === h.sim.bot.id).map((c) => ({ repo: `${r.name}#${i.number}`, body: c.body }))));
}

/** A membership request's description answered from the group's template. */
export function membershipBody(h: Harness): string {
  const frank = h.org.frank;
  return (h.sim.world.filesAt(h.org.groupRepo)?.get(".github/PULL_REQUEST_TEMPLATE/membership.md") ?? "")
    .replace(/<!-- Your name[^>]*-->/, "Frank Contributor")
    .replace(/<!-- Your GitHub login[^>]*-->/, `@${frank.login}`)
    .replace(/<!-- Security work[^>]*-->/, "Reported two XSS issues in acme/webapp.")
    .replace(/<!-- Why you want[^>]*-->/, "To help triage reports faster.")
    .replace(/<!-- Employers[^>]*-->/, "None")
    .replace("- [ ] I agree", "- [x] I agree");
}
