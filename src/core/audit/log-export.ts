import { trustedRecords, type LogComment, type RejectionReason } from "../reports/report-log.js";

/**
 * `secwg log export`: the verified records of every report log, for the group's own records. Only
 * records of the verified chain (`trustedRecords`: secwg's comments, hash and signature checked,
 * continuing from entry 0) are exported, and only their public-safe fields; a log with a broken or
 * forged entry is named so the operator knows part of it was left out.
 */

export interface ExportRow {
  seq: number;
  ghsa: string;
  event: string;
  actor_id: number;
  actor_login: string;
  at: string;
  hash: string;
}

export interface ExportLog {
  tracker: string;
  issue: number;
  ghsa: string;
  /** The tracker issue's comments written by secwg. */
  ours: readonly LogComment[];
}

export interface Unverifiable {
  subject: string;
  ghsa: string;
  /** Entries left out, and why. */
  reasons: RejectionReason[];
}

export function exportRecords(logs: readonly ExportLog[], signingKey: string, since: string | null): { rows: ExportRow[]; unverifiable: Unverifiable[] } {
  const rows: ExportRow[] = [];
  const unverifiable: Unverifiable[] = [];
  const from = since === null ? Number.NEGATIVE_INFINITY : Date.parse(since);
  for (const log of logs) {
    const { records, rejected } = trustedRecords(log.ours, log.ghsa, signingKey);
    const broken = rejected.filter((r) => r.reason !== "superseded");
    if (broken.length > 0 || records.length === 0) {
      unverifiable.push({ subject: `${log.tracker}#${log.issue}`, ghsa: log.ghsa, reasons: broken.length > 0 ? broken.map((r) => r.reason) : [] });
    }
    for (const r of records) {
      if (!(Date.parse(r.at) >= from)) continue;
      rows.push({ seq: r.seq, ghsa: r.ghsa, event: r.event, actor_id: r.actor.id, actor_login: r.actor.login, at: r.at, hash: r.hash });
    }
  }
  rows.sort((a, b) => a.at.localeCompare(b.at) || a.ghsa.localeCompare(b.ghsa) || a.seq - b.seq);
  return { rows, unverifiable };
}

export const EXPORT_COLUMNS = ["seq", "ghsa", "event", "actor_id", "actor_login", "at", "hash"] as const;

export function toJsonl(rows: readonly ExportRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length > 0 ? "\n" : "");
}

/**
 * RFC 4180 CSV. A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) is
 * prefixed with `'`: the fields come from signed records, but a spreadsheet is the wrong place to
 * find out.
 */
export function toCsv(rows: readonly ExportRow[]): string {
  const cell = (value: string | number): string => {
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [EXPORT_COLUMNS.join(","), ...rows.map((r) => EXPORT_COLUMNS.map((c) => cell(r[c])).join(","))].join("\r\n") + "\r\n";
}
