import { planTrackerIssue, type TrackerIssueTarget } from "../../../src/core/monitoring/advisory-plan.js";

const TARGET: TrackerIssueTarget = {
  tracker: { owner: "acme", repo: "security-tracker" },
  label: "monitor",
  marker: "<!-- secwg:monitor-alert:dependabot-1-2 -->",
  existing: undefined,
  title: "Dependabot alert #2 in acme/project",
  body: "body",
  why: "why",
};
const ISSUE = { number: 9, title: TARGET.title, body: TARGET.body };

describe("planTrackerIssue", () => {
  it.each([
    ["opens an issue that does not exist yet", {}, 1],
    ["leaves an issue that already says the same, whatever state people gave it", { existing: { ...ISSUE, state: "closed" as const } }, 0],
    ["leaves an issue already in the wanted state with the same text", { existing: { ...ISSUE, state: "closed" as const }, state: "closed" as const }, 0],
    ["reopens an issue whose finding is open again", { existing: { ...ISSUE, state: "closed" as const }, state: "open" as const }, 1],
    ["rewrites an issue whose text changed, keeping its state", { existing: { ...ISSUE, state: "closed" as const, body: "old" } }, 1],
  ])("%s", (_name, overrides: Partial<TrackerIssueTarget>, count) => {
    const effects = planTrackerIssue({ ...TARGET, ...overrides });
    expect(effects).toHaveLength(count);
    if (count === 0) return;
    expect(effects[0]).toEqual({
      kind: "ensure-issue",
      repo: TARGET.tracker,
      marker: TARGET.marker,
      labels: ["monitor"],
      findByLabel: "monitor",
      title: TARGET.title,
      body: TARGET.body,
      ...(overrides.state ? { state: overrides.state } : {}),
      why: "why",
    });
  });
});
