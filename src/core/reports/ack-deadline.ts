/**
 * The acknowledgement deadline rule, in one place (docs/reports.md): an acknowledgement is due at
 * `ackDueAt`, and from that instant on it is overdue. The sweep reminds the assignee at that instant,
 * the status and the dashboard call it overdue from then on, and an acknowledgement recorded at or
 * after it counts as late in the board report.
 */
export function isAckOverdue(ackDueAt: string | null | undefined, at: Date | number): boolean {
  if (!ackDueAt) return false;
  return (typeof at === "number" ? at : at.getTime()) >= Date.parse(ackDueAt);
}
