import type { Person, VoteRecord } from "../../../src/core/vote/vote-record.js";
import { openVoteRecord } from "../../../src/core/vote/vote-record.js";
import type { Reaction } from "../../../src/core/vote/vote-tally.js";

export function people(count: number, firstId = 1001): Person[] {
  return Array.from({ length: count }, (_, i) => ({ id: firstId + i, login: `member${i + 1}` }));
}

export function react(person: Person, content: string): Reaction {
  return { user: { id: person.id, login: person.login }, content };
}

export function aRecord(overrides: Partial<VoteRecord> = {}): VoteRecord {
  return {
    ...openVoteRecord({
      kind: "membership",
      target: "octo-org/security-wg#7",
      subject: { id: 5000, login: "newcomer" },
      members: people(3),
      opened: new Date("2026-11-25T12:00:00Z"),
      durationDays: 7,
    }),
    ...overrides,
  };
}
