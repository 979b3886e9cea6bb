import { ANYONE, MEMBERS, SIGNERS } from "../../core/authorisation.js";
import { commandReplyMarker, noArgs, type ArgsResult, type CommandSpec } from "../../core/commands.js";
import { isoDay } from "../../core/dates.js";
import { ELECTION_ROLES, type ElectionRole } from "../../core/governance/election.js";
import { person, planAnswer, planDecision, planNomination } from "../../core/governance/election-commands.js";
import { ELECTION_OPEN_LABEL, electionMarker, electionTarget } from "../../core/governance/election-record.js";
import { isFinished, openElection, ROLE_NAMES } from "../../core/governance/election-plan.js";
import { formatInstant } from "../../core/vote/vote-comment.js";
import { isGroupRepo, resolveRepo } from "../../core/repositories.js";
import type { Roster } from "../../core/roster.js";
import type { Person } from "../../core/vote/vote-record.js";
import type { CommandFeature, CommandInvocation } from "../commands/dispatcher.js";
import type { IssueRef } from "../../github/gateway.js";
import type { FeatureEnv } from "../env.js";
import { electionBody, electionRules, loadElection, refreshElection, reportTamperedElection, saveElection, type LoadedElection } from "./lifecycle.js";

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
    const command: ElectionCommand = {
      env,
      issue,
      by: person(actor),
      at: new Date(context.payload.comment.created_at),
      labels: (context.payload.issue.labels ?? []).map((l) => (typeof l === "string" ? l : l.name)),
      reply: (text: string) => env.gateway.ensureComment(issue, marker, `@${actor.login}, ${text}`),
      log: context.log,
    };
    if (match.spec === OPEN) return openCommand(command, match.value as ElectionRole);

    // `/accept` and `/decline` are common words for other apps: outside an election, not secwg's.
    const loaded = await currentElection(command, match.spec === ACCEPT || match.spec === DECLINE);
    if (!loaded) return;
    const { record } = loaded;
    const roster = env.roster as Roster;
    const plan =
      match.spec === NOMINATE
        ? planNomination({ record, by: command.by, login: (match.value as string[])[0] as string, roster, at: command.at, timeZone: env.config.reports.timeZone })
        : match.spec === DECIDE
          ? planDecision({ record, by: command.by, logins: match.value as string[], signers: roster.signers(isoDay(env.now)).map(person), at: command.at })
          : planAnswer({ record, by: command.by, accepted: match.spec === ACCEPT, at: command.at });
    if (plan.kind === "refuse") {
      if (plan.reason) command.log.info({ actor: actor.id, reason: plan.reason }, "nomination answer refused");
      await command.reply(plan.reply);
      return;
    }
    await saveElection(env, issue, loaded.comment, plan.record);
    await command.reply(plan.reply);
    // A decision may settle the tie: the election moves on at once.
    if (match.spec === DECIDE) await refreshElection(env, issue, command.labels);
  },
};

/** One election command's context: who (by id), when (the comment's time) and how to answer it once. */
interface ElectionCommand {
  env: FeatureEnv;
  issue: IssueRef;
  by: Person;
  at: Date;
  labels: string[];
  reply(text: string): Promise<unknown>;
  log: Pick<FeatureEnv["log"], "info">;
}

/** `/election open chair|co-chair`: on an issue without an election, while no other of that role is under way. */
async function openCommand(command: ElectionCommand, role: ElectionRole): Promise<void> {
  const { env, issue } = command;
  const existing = await loadElection(env, issue);
  if (existing.kind !== "missing") {
    await command.reply("this issue already holds an election; open a new one on a new issue.");
    return;
  }
  const other = await openElectionFor(env, role, issue.issue_number);
  if (other !== null) {
    await command.reply(`an election of the ${ROLE_NAMES[role]} is already under way in #${other}; finish it first.`);
    return;
  }
  const record = openElection({ target: electionTarget(issue), role, by: command.by, now: env.now, rules: electionRules(env) });
  await env.gateway.ensureComment(issue, electionMarker(issue), electionBody(env, issue, record));
  await env.gateway.ensureLabels(issue, { add: [ELECTION_OPEN_LABEL], current: command.labels });
  command.log.info({ election: record.target, role }, "election opened");
  await command.reply(`the election of the ${ROLE_NAMES[role]} is open. Nominations close ${formatInstant(record.nominationCloses)}.`);
}

/**
 * The election on this issue, moved on first (a window that closed since the last sweep is closed
 * now) and then read again; null, once answered, when there is none or its record does not verify.
 * `quietWhenMissing`: say nothing when there is no election.
 */
async function currentElection(command: ElectionCommand, quietWhenMissing: boolean): Promise<Extract<LoadedElection, { kind: "ok" }> | null> {
  const { env, issue } = command;
  const refreshed = await refreshElection(env, issue, command.labels);
  if (refreshed.kind === "missing") {
    if (!quietWhenMissing) await command.reply("there is no election on this issue (a signer opens one with `/election open chair` or `/election open co-chair`).");
    return null;
  }
  if (refreshed.kind === "tampered") {
    await command.reply("the election record on this issue failed verification, so secwg ignores it; the signers have been told.");
    return null;
  }
  const loaded = await loadElection(env, issue);
  if (loaded.kind === "ok") return loaded;
  if (loaded.kind === "tampered") await reportTamperedElection(env, issue, loaded.reason, loaded.comment);
  return null;
}
