import { ANYONE, MEMBERS, SIGNERS } from "../../core/authorisation.js";
import { commandReplyMarker, noArgs, type ArgsResult, type CommandSpec } from "../../core/commands.js";
import { isoDay } from "../../core/dates.js";
import { checkAnswer, checkDecide, checkNomination, ELECTION_ROLES, type ElectionRole } from "../../core/governance/election.js";
import { ELECTION_OPEN_LABEL, electionMarker, electionTarget } from "../../core/governance/election-record.js";
import { isFinished, openElection, ROLE_NAMES, scheduleOf } from "../../core/governance/election-plan.js";
import { formatInstant } from "../../core/vote/vote-comment.js";
import { isGroupRepo, resolveRepo } from "../../core/repositories.js";
import type { Roster } from "../../core/roster.js";
import type { Person } from "../../core/vote/vote-record.js";
import type { CommandFeature, CommandInvocation } from "../commands/dispatcher.js";
import type { FeatureEnv } from "../env.js";
import { electionBody, electionRules, loadElection, refreshElection, reportTamperedElection, saveElection } from "./lifecycle.js";

const LOGIN = /^@?([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))$/;

function logins(args: string[], min: number, max: number, usage: string): ArgsResult<string[]> {
  if (args.length < min || args.length > max) return { ok: false, error: `usage: \`${usage}\`` };
  const names: string[] = [];
  for (const arg of args) {
    const match = LOGIN.exec(arg);
    if (!match) return { ok: false, error: "expected a GitHub login like `@octocat`" };
    names.push(match[1] as string);
  }
  return { ok: true, value: names };
}

const OPEN: CommandSpec<ElectionRole> = {
  name: "election",
  subcommand: "open",
  usage: "/election open chair|co-chair",
  summary: "open an election of the Chair or the Co-Chair on this issue (Chair, Co-Chair or Board Liaison)",
  permission: SIGNERS,
  parseArgs: (args) => {
    const role = args[0]?.toLowerCase();
    return args.length === 1 && ELECTION_ROLES.includes(role as ElectionRole) ? { ok: true, value: role as ElectionRole } : { ok: false, error: "name the role: `/election open chair` or `/election open co-chair`" };
  },
};

const NOMINATE: CommandSpec<string[]> = {
  name: "nominate",
  usage: "/nominate @login",
  summary: "nominate an active member (yourself included) in this election",
  permission: MEMBERS,
  parseArgs: (args) => logins(args, 1, 1, "/nominate @login"),
};

// Who may answer is decided by the election's rules (the nominee, by id), not by a role.
const ACCEPT: CommandSpec<undefined> = { name: "accept", usage: "/accept", summary: "accept your nomination in this election", permission: ANYONE, parseArgs: noArgs as CommandSpec<undefined>["parseArgs"] };
const DECLINE: CommandSpec<undefined> = { name: "decline", usage: "/decline", summary: "decline your nomination in this election", permission: ANYONE, parseArgs: noArgs as CommandSpec<undefined>["parseArgs"] };

const DECIDE: CommandSpec<string[]> = {
  name: "decide",
  usage: "/decide @login [@login]",
  summary: "decide a tied election (signers not in contention; a majority of them settles it)",
  permission: SIGNERS,
  parseArgs: (args) => logins(args, 1, 2, "/decide @login [@login]"),
};

/** The issue of another election of `role` still under way in the group repository, if any. */
async function openElectionFor(env: FeatureEnv, role: ElectionRole, except: number): Promise<number | null> {
  const group = resolveRepo(env.config.group.repo, env.owner);
  for (const thread of (await env.gateway.listOpenWithLabel(group, ELECTION_OPEN_LABEL)).data) {
    if (thread.isPull || thread.number === except) continue;
    const loaded = await loadElection(env, { ...group, issue_number: thread.number });
    if (loaded.kind === "ok" && loaded.record.role === role && !isFinished(loaded.record)) return thread.number;
  }
  return null;
}

function person(p: { id: number; login: string }): Person {
  return { id: p.id, login: p.login };
}

function byLogin(roster: Roster, login: string): Person | undefined {
  const member = roster.members.find((m) => m.login.toLowerCase() === login.toLowerCase());
  return member ? person(member) : undefined;
}

/**
 * `/election open`, `/nominate`, `/accept`, `/decline` and `/decide` on an issue of the group
 * repository. The election lives in secwg's signed record on that issue; every command first moves
 * the election on (a window that closed since the last sweep is closed now), then acts by the
 * author's numeric id. Each command is answered once, keyed by its comment: a redelivery finds the
 * answer and writes nothing.
 */
export const electionCommands: CommandFeature = {
  name: "elections",
  specs: [OPEN, NOMINATE, ACCEPT, DECLINE, DECIDE] as CommandSpec[],
  appliesTo(context, config) {
    const { repository, issue } = context.payload;
    return isGroupRepo(config, { owner: repository.owner.login, repo: repository.name }) && !issue.pull_request;
  },
  async execute(invocation: CommandInvocation): Promise<void> {
    const { context, env, issue, actor, match } = invocation;
    const marker = commandReplyMarker(context.payload.comment.id, match.command);
    if (await env.gateway.findComment(issue, marker)) return;
    const reply = (text: string) => env.gateway.ensureComment(issue, marker, `@${actor.login}, ${text}`);
    const at = new Date(context.payload.comment.created_at);
    const labels = (context.payload.issue.labels ?? []).map((l) => (typeof l === "string" ? l : l.name));

    if (match.spec === OPEN) {
      const role = match.value as ElectionRole;
      const existing = await loadElection(env, issue);
      if (existing.kind !== "missing") {
        await reply("this issue already holds an election; open a new one on a new issue.");
        return;
      }
      const other = await openElectionFor(env, role, issue.issue_number);
      if (other !== null) {
        await reply(`an election of the ${ROLE_NAMES[role]} is already under way in #${other}; finish it first.`);
        return;
      }
      const record = openElection({ target: electionTarget(issue), role, by: actor, now: env.now, rules: electionRules(env) });
      await env.gateway.ensureComment(issue, electionMarker(issue), electionBody(env, issue, record));
      await env.gateway.ensureLabels(issue, { add: [ELECTION_OPEN_LABEL], current: labels });
      context.log.info({ election: record.target, role }, "election opened");
      await reply(`the election of the ${ROLE_NAMES[role]} is open. Nominations close ${formatInstant(record.nominationCloses)}.`);
      return;
    }

    const refreshed = await refreshElection(env, issue, labels);
    if (refreshed.kind === "missing") {
      // `/accept` and `/decline` are common words for other apps: outside an election, not secwg's.
      if (match.spec === ACCEPT || match.spec === DECLINE) return;
      await reply("there is no election on this issue (a signer opens one with `/election open chair` or `/election open co-chair`).");
      return;
    }
    if (refreshed.kind === "tampered") {
      await reply("the election record on this issue failed verification, so secwg ignores it; the signers have been told.");
      return;
    }
    const loaded = await loadElection(env, issue);
    if (loaded.kind !== "ok") {
      if (loaded.kind === "tampered") await reportTamperedElection(env, issue, loaded.reason, loaded.comment);
      return;
    }
    let record = loaded.record;
    const roster = env.roster as Roster;
    const by = person(actor);

    if (match.spec === NOMINATE) {
      const nominee = byLogin(roster, (match.value as string[])[0] as string);
      const check = checkNomination({ by, nominee, roster, now: at, schedule: scheduleOf(record), timeZone: env.config.reports.timeZone, nominations: record.nominations });
      if (record.state !== "nomination" || !check.ok) {
        await reply(check.ok ? "nominations for this election are closed." : check.message);
        return;
      }
      record = { ...record, nominations: [...record.nominations, { nominee: nominee as Person, by, at: at.toISOString() }] };
      await saveElection(env, issue, loaded.comment, record);
      await reply(`@${(nominee as Person).login} is nominated; they answer with \`/accept\` or \`/decline\` before ${formatInstant(record.nominationCloses)}.`);
      return;
    }
    if (match.spec === ACCEPT || match.spec === DECLINE) {
      const check = checkAnswer({ by, nominations: record.nominations, now: at, schedule: scheduleOf(record) });
      if (record.state !== "nomination" || !check.ok) {
        context.log.info({ actor: actor.id, reason: check.ok ? "closed" : check.reason }, "nomination answer refused");
        await reply(check.ok ? "nominations for this election are closed." : check.message);
        return;
      }
      const accepted = match.spec === ACCEPT;
      record = { ...record, nominations: record.nominations.map((n) => (n.nominee.id === by.id ? { ...n, answer: { accepted, at: at.toISOString() } } : n)) };
      await saveElection(env, issue, loaded.comment, record);
      await reply(accepted ? "you are a candidate." : "you declined the nomination.");
      return;
    }
    // `/decide`
    const tie = record.tie;
    if (record.state !== "tie" || !tie) {
      await reply("this election has no tie to decide.");
      return;
    }
    const signers = roster.signers(isoDay(env.now)).map(person);
    const choice = (match.value as string[]).map((login) => tie.tied.find((p) => p.login.toLowerCase() === login.toLowerCase()));
    const check = checkDecide(tie, by, choice, signers);
    if (!check.ok) {
      await reply(check.message);
      return;
    }
    record = { ...record, tie: { ...tie, decisions: [...tie.decisions, { by, choice: choice as Person[], at: at.toISOString() }] } };
    await saveElection(env, issue, loaded.comment, record);
    await reply("your decision is recorded.");
    await refreshElection(env, issue, labels);
  },
};
