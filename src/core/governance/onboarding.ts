import type { Member } from "../roster.js";

/**
 * Onboarding: for `months` months from a member's `joined` date only the Chair and the Co-Chair see
 * security reports; afterwards the Chair and the Co-Chair may grant the member tracker access.
 *
 * The first day access may be granted is the day of the month of `joined`, `months` calendar months
 * later. When that month is too short for the day (joined on the 31st, six months on is February),
 * it is the first day of the following month: onboarding is never shorter than the months it is
 * configured to last. Dates are calendar days (`YYYY-MM-DD`), compared as text.
 */
export function onboardingEnds(joined: string, months: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(joined);
  if (!match) throw new Error("expected a date like 2026-01-31");
  const year = Number(match[1]);
  const month0 = Number(match[2]) - 1 + months;
  const day = Number(match[3]);
  const targetYear = year + Math.floor(month0 / 12);
  const targetMonth0 = month0 % 12;
  const length = new Date(Date.UTC(targetYear, targetMonth0 + 1, 0)).getUTCDate();
  const date = day <= length ? new Date(Date.UTC(targetYear, targetMonth0, day)) : new Date(Date.UTC(targetYear, targetMonth0 + 1, 1));
  return date.toISOString().slice(0, 10);
}

export type OnboardingStatus =
  | { kind: "ended"; since: string }
  | { kind: "onboarding"; until: string }
  /** The roster does not say when the member joined: nobody can tell when onboarding ends. */
  | { kind: "unknown" };

/** Where `member` stands on `today`: access may be granted only once onboarding has `ended`. */
export function onboardingStatus(member: Pick<Member, "joined">, months: number, today: string): OnboardingStatus {
  if (!member.joined) return { kind: "unknown" };
  const first = onboardingEnds(member.joined, months);
  return today >= first ? { kind: "ended", since: first } : { kind: "onboarding", until: first };
}
