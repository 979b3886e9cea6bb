import type { Permission } from "./authorisation.js";
import { renderMarker } from "./marker.js";
import { visibleTopLevelLines } from "./visible-lines.js";

/**
 * Slash commands in comments: `/name arg …`, one per line. A command counts only if a reader sees it as
 * a line of plain text at the top level of the comment: lines in block quotes (quoting someone's command
 * never runs it again), list items, code blocks, HTML blocks and comments, `<details>`, headings and
 * tables are not commands (see `visibleTopLevelLines`).
 */

export interface ParsedCommand {
  /** Lower-cased command name without the slash. */
  name: string;
  /** Whitespace-separated arguments, as written. */
  args: string[];
  /** Everything after the name, trimmed (for free-text reasons). */
  rest: string;
  /** 1-based line number in the comment. */
  line: number;
}

const COMMAND_LINE = /^\/([A-Za-z][A-Za-z0-9-]{0,39})(?:\s+(.*))?$/;
const MAX_COMMANDS = 10;

/** The commands in a comment body, in order, at most ten. Never throws; linear in the body's length (bodies over 65,536 chars carry none). */
export function parseCommands(body: string | null | undefined): ParsedCommand[] {
  const commands: ParsedCommand[] = [];
  for (const { line, text } of visibleTopLevelLines(body)) {
    if (commands.length >= MAX_COMMANDS) break;
    const match = COMMAND_LINE.exec(text);
    if (!match) continue;
    const rest = (match[2] ?? "").trim();
    commands.push({ name: (match[1] as string).toLowerCase(), args: rest === "" ? [] : rest.split(/\s+/), rest, line });
  }
  return commands;
}

/** True for GitHub Apps and bot accounts; their comments never carry commands (ours included). */
export function isBotUser(user: { type?: string | null; login?: string | null } | null | undefined): boolean {
  return user?.type === "Bot" || /\[bot\]$/.test(user?.login ?? "");
}

export type ArgsResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** A command a feature understands: its syntax, who may run it, and how its arguments parse. */
export interface CommandSpec<T = unknown> {
  name: string;
  /** First word after the name, for commands like `/vote status`. */
  subcommand?: string;
  usage: string;
  summary: string;
  permission: Permission;
  parseArgs(args: string[], rest: string): ArgsResult<T>;
}

export type CommandMatch =
  | { kind: "ok"; spec: CommandSpec; value: unknown; command: ParsedCommand }
  | { kind: "invalid"; spec: CommandSpec; error: string; command: ParsedCommand }
  | { kind: "unknown"; command: ParsedCommand };

/** Finds the spec for a parsed command and parses its arguments. Commands of other apps stay `unknown`. */
export function matchCommand(command: ParsedCommand, specs: readonly CommandSpec[]): CommandMatch {
  const sub = command.args[0]?.toLowerCase();
  const withSub = specs.find((s) => s.name === command.name && s.subcommand !== undefined && s.subcommand === sub);
  const spec = withSub ?? specs.find((s) => s.name === command.name && s.subcommand === undefined);
  if (!spec) {
    const family = specs.filter((s) => s.name === command.name);
    if (family.length > 0) {
      return { kind: "invalid", spec: family[0] as CommandSpec, error: "that subcommand does not exist", command };
    }
    return { kind: "unknown", command };
  }
  const args = withSub ? command.args.slice(1) : command.args;
  const rest = withSub ? command.rest.slice(command.args[0]?.length ?? 0).trim() : command.rest;
  const parsed = spec.parseArgs(args, rest);
  return parsed.ok ? { kind: "ok", spec, value: parsed.value, command } : { kind: "invalid", spec, error: parsed.error, command };
}

/**
 * The help reply for a malformed command: the command's name, what was wrong and the usage of every
 * related command. It never repeats the argument: the reply is written before the author is
 * authorised, so anything echoed would be text anyone can put into secwg's own comment (a hidden
 * marker, a record, a mention). The name is safe (the parser accepts only letters, digits and
 * hyphens), and `parseArgs` errors are written by secwg and must not quote the argument either.
 */
export function renderUsage(match: Extract<CommandMatch, { kind: "invalid" }>, specs: readonly CommandSpec[]): string {
  const related = specs.filter((s) => s.name === match.spec.name);
  const subcommand = match.spec.subcommand !== undefined && match.error !== "that subcommand does not exist" ? ` ${match.spec.subcommand}` : "";
  return [
    `\`/${match.command.name}${subcommand}\`: ${match.error}.`,
    "",
    "Usage:",
    ...related.map((s) => `- \`${s.usage}\` — ${s.summary}`),
  ].join("\n");
}

/** The reply to a command secwg does not know, where every command is meant for secwg. */
export function renderUnknownCommand(name: string, specs: readonly CommandSpec[]): string {
  return [`\`/${name}\` is not a secwg command. Commands here:`, "", ...specs.map((s) => `- \`${s.usage}\` — ${s.summary}`)].join("\n");
}

export const noArgs: CommandSpec["parseArgs"] = (args) =>
  args.length === 0 ? { ok: true, value: undefined } : { ok: false, error: "takes no arguments" };

/**
 * The one key of a command: the id of the comment that carries it and the command's line there.
 * Everything secwg writes in answer to the command (a reply, a log entry, a sign-off record) is
 * keyed by it, so a redelivered or edited comment finds its answer instead of writing another.
 */
export function commandKey(commentId: number, command: Pick<ParsedCommand, "line">): string {
  return `${commentId}-${command.line}`;
}

/**
 * The hidden marker of secwg's reply to one command (`commandKey`). Replies on report and
 * board-report issues have their own kind, since those threads read their replies back with their
 * records; elsewhere the kind is `reply`.
 */
export function commandReplyMarker(commentId: number, command: Pick<ParsedCommand, "line">, thread: "reply" | "report-reply" | "board-report-reply" = "reply"): string {
  return renderMarker(thread, commandKey(commentId, command));
}
