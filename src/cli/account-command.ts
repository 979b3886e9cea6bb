import { isPolicyError } from "../errors.js";
import { PublicTrackerError } from "../features/board-report/gather.js";
import type { Gateway } from "../github/gateway.js";
import { gatewayForAccount } from "./report.js";

/** What a command that reads one installation account needs; tests substitute each. */
export interface AccountCommandDeps {
  gatewayFor?(org: string): Promise<Gateway>;
  note?(text: string): void;
}

/**
 * Runs `work` against the installation of `org`. The person's problems (an unusable policy or
 * roster, a public tracker) are said in one line with exit code 1, never as a stack trace; anything
 * else (GitHub down, bad credentials) propagates to the CLI's own error handling.
 */
export async function onAccount(deps: AccountCommandDeps, org: string, work: (gateway: Gateway) => Promise<number>): Promise<number> {
  const note = deps.note ?? ((text: string) => console.error(text));
  try {
    return await work(await (deps.gatewayFor ?? gatewayForAccount)(org));
  } catch (error) {
    if (isPolicyError(error) || error instanceof PublicTrackerError) {
      note(error.message);
      return 1;
    }
    throw error;
  }
}
