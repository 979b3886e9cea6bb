import fc from "fast-check";
import { commandKey, commandReplyMarker, isBotUser, matchCommand, noArgs, parseCommands, renderUsage, type CommandSpec } from "../../src/core/commands.js";
import { ANYONE, SIGNERS } from "../../src/core/authorisation.js";

describe("parseCommands", () => {
  it("reads one command per line, case-insensitive name, arguments split on whitespace", () => {
    expect(parseCommands("Thanks!\n/Triage  valid\n/severity high\n")).toEqual([
      { name: "triage", args: ["valid"], rest: "valid", line: 2 },
      { name: "severity", args: ["high"], rest: "high", line: 3 },
    ]);
  });

  it("ignores quoted lines and fenced code blocks", () => {
    const body = ["> /approve", "```", "/publish", "```", "~~~~", "/ack", "~~~~", "/status"].join("\n");
    expect(parseCommands(body).map((c) => c.name)).toEqual(["status"]);
  });

  it("keeps the free text after the name for reasons", () => {
    expect(parseCommands("/security-review skip docs only, no code")[0]?.rest).toBe("skip docs only, no code");
  });

  it("does not treat paths or prose with slashes as commands", () => {
    expect(parseCommands("see /usr/bin and a/b\n/ not a command\n//comment")).toEqual([]);
  });

  it("handles CRLF line endings", () => {
    expect(parseCommands("hi\r\n/ack\r\n").map((c) => c.name)).toEqual(["ack"]);
  });

  it("never throws and returns at most ten commands on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (body) => {
        const commands = parseCommands(body);
        return commands.length <= 10 && commands.every((c) => /^[a-z][a-z0-9-]*$/.test(c.name));
      }),
    );
    fc.assert(fc.property(fc.array(fc.constantFrom("/vote", " ", "\n", "```", ">", "x", "/ack yes", "~~~"), { maxLength: 200 }), (parts) => {
      parseCommands(parts.join(""));
      return true;
    }));
  });
});

describe("isBotUser", () => {
  it("recognises apps and bot accounts, including secwg itself", () => {
    expect(isBotUser({ type: "Bot", login: "secwg[bot]" })).toBe(true);
    expect(isBotUser({ type: "User", login: "renovate[bot]" })).toBe(true);
    expect(isBotUser({ type: "User", login: "alice" })).toBe(false);
  });
});

describe("matchCommand", () => {
  const specs: CommandSpec[] = [
    { name: "vote", subcommand: "status", usage: "/vote status", summary: "show the tally", permission: ANYONE, parseArgs: noArgs },
    {
      name: "vote",
      subcommand: "extend",
      usage: "/vote extend <days>d",
      summary: "extend once",
      permission: SIGNERS,
      parseArgs: (args) => (args.length === 1 && /^\d+d$/.test(args[0] ?? "") ? { ok: true, value: Number.parseInt(args[0] as string, 10) } : { ok: false, error: "expected a duration like `3d`" }),
    },
  ];

  it("routes subcommands and parses their arguments", () => {
    const [command] = parseCommands("/vote extend 3d");
    expect(matchCommand(command!, specs)).toMatchObject({ kind: "ok", value: 3 });
  });

  it("explains bad arguments with the usage of the whole family", () => {
    const [command] = parseCommands("/vote extend soon");
    const match = matchCommand(command!, specs);
    expect(match.kind).toBe("invalid");
    if (match.kind !== "invalid") return;
    expect(renderUsage(match, specs)).toBe(
      "`/vote extend`: expected a duration like `3d`.\n\nUsage:\n- `/vote status` — show the tally\n- `/vote extend <days>d` — extend once",
    );
  });

  it("flags an unknown subcommand of a known command", () => {
    const [command] = parseCommands("/vote banana");
    expect(matchCommand(command!, specs)).toMatchObject({ kind: "invalid", error: "that subcommand does not exist" });
  });

  it("leaves other apps' commands alone", () => {
    const [command] = parseCommands("/assign @me");
    expect(matchCommand(command!, specs).kind).toBe("unknown");
  });
});

describe("commandKey and commandReplyMarker", () => {
  it.each([
    [{ commentId: 777, line: 1 }, "reply", "777-1", "<!-- secwg:reply:777-1 -->"],
    [{ commentId: 777, line: 3 }, "report-reply", "777-3", "<!-- secwg:report-reply:777-3 -->"],
    [{ commentId: 9, line: 2 }, "board-report-reply", "9-2", "<!-- secwg:board-report-reply:9-2 -->"],
  ] as const)("keys the command on line %j of its comment once, whatever answers it (%s)", (c, thread, key, marker) => {
    expect(commandKey(c.commentId, { line: c.line })).toBe(key);
    expect(commandReplyMarker(c.commentId, { line: c.line }, thread)).toBe(marker);
  });

  it("gives two commands of one comment two keys", () => {
    const [first, second] = parseCommands("/ack\n/status");
    expect(commandKey(5, first!)).not.toBe(commandKey(5, second!));
  });
});
