import { renderRecord } from "../../src/core/reports/report-log.js";
import { renderTrackerIssue } from "../../src/core/reports/tracker-issue.js";
import type { FileProposal, Gateway, IssueComment, IssueSpec, NamedCheckRun, ReportIssue } from "../../src/github/gateway.js";
import { KEY, LOGS, SPECS } from "../core/board-report/quarter-fixture.js";
import { openVoteRecord, renderVoteRecord, voteMarker } from "../../src/core/vote/vote-record.js";

/** The open vote on the group repository's #18 (about carol), signed by secwg. */
export const VOTE_THREAD = 18;
export const VOTE_COMMENT = 1800;
export function openVoteBody(key = KEY): string {
  const ref = { owner: "acme", repo: "security-wg", issue_number: VOTE_THREAD };
  const record = openVoteRecord({
    kind: "membership",
    target: "acme/security-wg#18",
    subject: { id: 7, login: "frank" },
    members: [
      { id: 1, login: "alice" },
      { id: 2, login: "bob" },
      { id: 3, login: "carol" },
    ],
    opened: new Date("2026-12-18T09:00:00Z"),
    durationDays: 7,
  });
  return `${voteMarker(ref)}\nVote on frank\n${renderVoteRecord(record, key)}`;
}

export const BOT = { id: 99, login: "secwg[bot]", type: "Bot" };
export const BOARD_ISSUE = 50;

/**
 * The tracker and group repository as an in-memory gateway: one issue per report with its signed
 * log, the board-report issue (#50) with its comments, and every write recorded.
 */
export function fakeBoardGitHub(options: { private?: boolean; dropReport?: string } = {}) {
  const reportIssues: ReportIssue[] = SPECS.filter((s) => s.ghsa !== options.dropReport).map((spec) => ({
    number: SPECS.indexOf(spec) + 1,
    state: "open" as const,
    body: renderTrackerIssue({
      advisory: { ghsaId: spec.ghsa, owner: spec.repo.split("/")[0] as string, repo: spec.repo.split("/")[1] as string, htmlUrl: "https://example.invalid", severity: null },
      reportedAt: spec.reported,
      ackDueAt: spec.reported,
      assignee: null,
      requiredApprovals: 1,
      preNotificationDays: 7,
      timeZone: "UTC",
    }).body,
    assignees: [],
  }));
  const state = {
    dropReport: options.dropReport,
    board: null as null | { title: string; body: string; labels: string[]; state: "open" | "closed" },
    boardComments: [] as IssueComment[],
    nextId: 1000,
    writes: [] as string[],
    proposals: [] as Array<{ repo: string; proposal: FileProposal }>,
    /** Other issues secwg ensures (the dashboard), by marker. */
    others: new Map<string, { title: string; body: string; labels: string[] }>(),
    /** The group repository's open vote threads (label `vote: open`) and their vote comment's body. */
    votes: new Map<number, { body: string; author: { id: number; login: string; type: string } }>([[VOTE_THREAD, { body: openVoteBody(), author: BOT }]]),
    reactions: [{ user: { id: 1, login: "alice" }, content: "+1", created_at: "2026-12-19T09:00:00Z" }, { user: { id: 9, login: "stranger" }, content: "+1", created_at: "2026-12-19T09:00:00Z" }],
    reads: [] as string[],
    /** Pull requests a search for the review label finds, with secwg's checklist comment and check runs. */
    pulls: [] as Array<{ repo: string; number: number; checklist: IssueComment | null; checkRuns: NamedCheckRun[] }>,
    searches: [] as string[],
  };
  const comment = (body: string, user: { id: number; login: string; type: string }): IssueComment => ({ id: state.nextId++, body, user, html_url: "", created_at: "", updated_at: "" });
  const gateway = {
    readConfigFile: async (repo: { repo: string }) => (repo.repo === ".github" ? "reports:\n  timeZone: UTC\n  ackWorkingDays: 3\n" : null),
    self: async () => ({ id: BOT.id, login: BOT.login }),
    getRepository: async (repo: { owner: string; repo: string }) => ({ ...repo, private: options.private ?? true, default_branch: "main", html_url: "" }),
    listReportIssues: async (_repo: unknown, label: string) => {
      if (label === "secwg:board-report") return state.board ? [{ number: BOARD_ISSUE, state: state.board.state, body: state.board.body, assignees: [] }] : [];
      return reportIssues.filter((i) => SPECS[i.number - 1]!.ghsa !== state.dropReport);
    },
    listOpenWithLabel: async (repo: { repo: string }, label: string) => {
      state.reads.push(`open ${repo.repo} ${label}`);
      return { notModified: false, data: repo.repo === "security-wg" && label === "vote: open" ? [...state.votes.keys()].map((number) => ({ number, isPull: true, labels: ["vote: open"] })) : [] };
    },
    searchIssues: async (query: string) => {
      state.searches.push(query);
      return { incomplete: false, items: state.pulls.map((p) => ({ owner: "acme", repo: p.repo, number: p.number, isPull: true, createdAt: "2026-10-01T00:00:00Z", closedAt: null })) };
    },
    findComment: async ({ repo, issue_number }: { repo: string; issue_number: number }) => state.pulls.find((p) => p.repo === repo && p.number === issue_number)?.checklist ?? null,
    getPull: async ({ issue_number }: { issue_number: number }) => ({ head: { sha: `head-${issue_number}`, ref: "topic", repo: null } }),
    listCheckRunsNamed: async (repo: { repo: string }, ref: string) => state.pulls.find((p) => p.repo === repo.repo && `head-${p.number}` === ref)?.checkRuns ?? [],
    listReactionsForIssueComment: async () => ({ notModified: false, data: state.reactions }),
    listAllComments: async ({ repo, issue_number }: { repo: string; issue_number: number }): Promise<IssueComment[]> => {
      if (repo === "security-wg") {
        const vote = state.votes.get(issue_number);
        return vote ? [{ id: VOTE_COMMENT, body: vote.body, user: vote.author, html_url: "", created_at: "", updated_at: "" }] : [];
      }
      if (issue_number === BOARD_ISSUE) return [...state.boardComments];
      const log = LOGS[issue_number - 1]!;
      return log.records.map((r, i) => ({ id: issue_number * 100 + i, body: renderRecord(r), user: BOT, html_url: "", created_at: "", updated_at: "" }));
    },
    readFile: async (_repo: unknown, path: string) =>
      path === "MEMBERS.yml"
        ? ["members:", "  - { login: alice, id: 1, roles: [chair], term_ends: 2027-01-31 }", "  - { login: bob, id: 2, roles: [co-chair], term_ends: 2027-06-30 }", "  - { login: carol, id: 3, roles: [member] }", "  - { login: dave, id: 4, roles: [member], joined: 2026-07-10 }"].join("\n")
        : null,
    ensureIssue: async (_repo: unknown, marker: string, spec: IssueSpec) => {
      const body = spec.body.includes(marker) ? spec.body : `${marker}\n${spec.body}`;
      if (!marker.includes("board-report")) {
        const before = state.others.get(marker);
        if (before && before.body === body && before.title === spec.title) return { outcome: "unchanged" as const, number: 60, html_url: "https://github.com/acme/security-tracker/issues/60" };
        state.others.set(marker, { title: spec.title, body, labels: spec.labels ?? [] });
        state.writes.push(`${before ? "updated" : "created"} ${marker}`);
        return { outcome: before ? ("updated" as const) : ("created" as const), number: 60, html_url: "https://github.com/acme/security-tracker/issues/60" };
      }
      const url = `https://github.com/acme/security-tracker/issues/${BOARD_ISSUE}`;
      if (state.board && state.board.body === body && state.board.title === spec.title) return { outcome: "unchanged" as const, number: BOARD_ISSUE, html_url: url };
      const outcome = state.board ? ("updated" as const) : ("created" as const);
      state.board = { title: spec.title, body, labels: spec.labels ?? [], state: state.board?.state ?? "open" };
      state.writes.push(`${outcome} issue`);
      return { outcome, number: BOARD_ISSUE, html_url: url };
    },
    createComment: async (_issue: unknown, body: string) => {
      const c = comment(body, BOT);
      state.boardComments.push(c);
      state.writes.push("comment");
      return c;
    },
    deleteComment: async (_issue: unknown, id: number) => {
      state.boardComments = state.boardComments.filter((c) => c.id !== id);
      state.writes.push("delete");
    },
    proposeFile: async (repo: { owner: string; repo: string }, proposal: FileProposal) => {
      const seen = state.proposals.some((p) => p.proposal.path === proposal.path && p.proposal.content === proposal.content);
      if (!seen) {
        state.proposals.push({ repo: `${repo.owner}/${repo.repo}`, proposal });
        state.writes.push("proposal");
      }
      return { outcome: seen ? ("unchanged" as const) : ("created" as const), pull: 7 };
    },
  };
  /** A person's comment on the board-report issue. */
  const say = (body: string, user = { id: 5, login: "mallory", type: "User" }) => state.boardComments.push(comment(body, user));
  return { gateway: gateway as unknown as Gateway, state, say };
}
