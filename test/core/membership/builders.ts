import { MEMBERSHIP_TEMPLATE_SECTIONS } from "../../../src/core/membership/membership-template.js";

export const BASE_ROSTER = `members:
  - login: alice
    id: 1001
    name: Alice Example
    roles: [chair]
    joined: 2026-01-15
    term_ends: 2027-01-15
  - login: bob
    id: 1002
    roles: [member]
`;

export const NEWCOMER = { id: 5000, login: "newcomer" };

export function withEntry(entry: string, base = BASE_ROSTER): string {
  return `${base}${entry}`;
}

export const OWN_ENTRY = `  - login: newcomer
    id: 5000
    name: New Comer
    roles: [member]
`;

/** A description answering every section of the template. */
export function filledBody(skip: string[] = []): string {
  return MEMBERSHIP_TEMPLATE_SECTIONS.filter((s) => !skip.includes(s.heading))
    .map((s) => `## ${s.heading}\n\n<!-- ${s.hint} -->\n${s.checkbox ? `- [x] ${s.checkbox}` : `Answer to ${s.heading}.`}\n`)
    .join("\n");
}
