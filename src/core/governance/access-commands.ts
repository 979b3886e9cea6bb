import { CHAIRS } from "../authorisation.js";
import type { ArgsResult, CommandSpec } from "../commands.js";

/** A GitHub login as `@login` or `login`: letters, digits and single hyphens, at most 39 characters. */
const LOGIN = /^@?([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})$/;

/** The member named by the command, as written (resolved to an id through the roster, never through GitHub). */
function parseMember(args: string[]): ArgsResult<string> {
  if (args.length !== 1) return { ok: false, error: "takes exactly one argument, the member's `@login` as listed on the roster" };
  const match = LOGIN.exec(args[0] as string);
  return match ? { ok: true, value: match[1] as string } : { ok: false, error: "expected a GitHub login like `@octocat`" };
}

export const ACCESS_SPECS: readonly CommandSpec[] = [
  {
    name: "grant-access",
    usage: "/grant-access @member",
    summary: "grant a member tracker access once onboarding has ended; takes effect when both the Chair and the Co-Chair have run it",
    permission: CHAIRS,
    parseArgs: parseMember,
  },
  {
    name: "revoke-access",
    usage: "/revoke-access @member",
    summary: "revoke a member's tracker access at once (the Chair or the Co-Chair)",
    permission: CHAIRS,
    parseArgs: parseMember,
  },
];
