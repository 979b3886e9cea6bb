import { MEMBERS, SIGNERS } from "../authorisation.js";
import { noArgs, type ArgsResult, type CommandSpec } from "../commands.js";
import { APPROVE_HASH_PATTERN } from "./approval.js";
import { GHSA_PATTERN, SEVERITY_TO_GITHUB, type GroupSeverity } from "./advisory.js";
import type { ReportCommand, TriageOutcome } from "./report-state.js";

/** The slash commands of a tracker issue: syntax and who may run them. */

export const CREDIT_TYPES = [
  "analyst",
  "finder",
  "reporter",
  "coordinator",
  "remediation_developer",
  "remediation_reviewer",
  "remediation_verifier",
  "tool",
  "sponsor",
  "other",
] as const;

export type ReportArgs =
  | { command: "ack" | "fork" | "publish" | "status" }
  | { command: "approve"; hash?: string }
  | { command: "triage"; outcome: TriageOutcome; duplicateOf?: string }
  | { command: "severity"; severity: GroupSeverity }
  | { command: "cvss"; vector: string }
  | { command: "cwe"; cweIds: string[] }
  | { command: "credit"; login: string; type: string }
  | { command: "cve"; cveId?: string }
  | { command: "embargo"; text: string };

const ok = <T>(value: T): ArgsResult<T> => ({ ok: true, value });
const fail = (error: string): ArgsResult<never> => ({ ok: false, error });

const CVSS = /^CVSS:(3\.[01]|4\.0)\/(?:[A-Za-z]{1,3}:[A-Za-z]{1,2}\/?)+$/;
const CWE = /^CWE-[1-9]\d{0,4}$/;
const CVE = /^CVE-\d{4}-\d{4,7}$/;
const LOGIN = /^@?([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})$/;

function simple(command: "ack" | "fork" | "publish" | "status"): CommandSpec["parseArgs"] {
  return (args, rest) => {
    const parsed = noArgs(args, rest);
    return parsed.ok ? ok({ command }) : parsed;
  };
}

function spec(name: ReportCommand, usage: string, summary: string, parseArgs: CommandSpec["parseArgs"], signers = false): CommandSpec {
  return { name, usage, summary, permission: signers ? SIGNERS : MEMBERS, parseArgs };
}

export const REPORT_SPECS: readonly CommandSpec[] = [
  spec("ack", "/ack", "record that the reporter has been acknowledged", simple("ack")),
  spec("triage", "/triage valid|invalid|duplicate GHSA-…|out-of-scope", "accept the report into a draft advisory, or close it", (args) => {
    const [outcome, other, ...extra] = args;
    if (outcome === "valid" || outcome === "invalid" || outcome === "out-of-scope") {
      return other === undefined ? ok({ command: "triage", outcome }) : fail(`\`${outcome}\` takes no further argument`);
    }
    if (outcome === "duplicate") {
      if (!other || !GHSA_PATTERN.test(other) || extra.length > 0) return fail("`duplicate` needs the GHSA id of the original, e.g. `GHSA-2c4m-59x8-3pjx`");
      return ok({ command: "triage", outcome: "duplicate", duplicateOf: other });
    }
    return fail("expected `valid`, `invalid`, `duplicate GHSA-…` or `out-of-scope`");
  }),
  spec("severity", "/severity high|moderate|low", "set the severity (the group's scale)", (args) => {
    const [word, ...extra] = args.map((a) => a.toLowerCase());
    if (extra.length > 0 || !word || !(word in SEVERITY_TO_GITHUB) || word === "critical") return fail("expected `high`, `moderate` or `low`");
    return ok({ command: "severity", severity: word as GroupSeverity });
  }),
  spec("cvss", "/cvss CVSS:3.1/AV:N/…", "set the severity from a CVSS vector instead", (args) => {
    const [vector, ...extra] = args;
    if (!vector || extra.length > 0 || !CVSS.test(vector)) return fail("expected one CVSS 3.x or 4.0 vector like `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`");
    return ok({ command: "cvss", vector });
  }),
  spec("cwe", "/cwe CWE-79 [CWE-…]", "add weakness ids", (args) => {
    const ids = args.map((a) => a.toUpperCase());
    if (ids.length === 0 || ids.length > 10 || !ids.every((id) => CWE.test(id))) return fail("expected one to ten ids like `CWE-79`");
    return ok({ command: "cwe", cweIds: [...new Set(ids)] });
  }),
  spec("credit", `/credit @user ${CREDIT_TYPES.join("|")}`, "credit someone in the advisory", (args) => {
    const [who, type, ...extra] = args;
    const login = who ? LOGIN.exec(who)?.[1] : undefined;
    if (!login || extra.length > 0) return fail("expected a GitHub user and a credit type, e.g. `/credit @octocat finder`");
    if (!type || !(CREDIT_TYPES as readonly string[]).includes(type)) return fail(`expected a credit type: ${CREDIT_TYPES.join(", ")}`);
    return ok({ command: "credit", login, type });
  }),
  spec("cve", "/cve [CVE-YYYY-NNNN]", "request a CVE from GitHub, or record the one the project assigned (`reports.cna: self`)", (args) => {
    const [id, ...extra] = args;
    if (extra.length > 0) return fail("takes at most one CVE id");
    if (id === undefined) return ok({ command: "cve" });
    return CVE.test(id.toUpperCase()) ? ok({ command: "cve", cveId: id.toUpperCase() }) : fail("expected a CVE id like `CVE-2026-12345`");
  }),
  spec("fork", "/fork", "create the temporary private fork for the fix", simple("fork")),
  spec("embargo", "/embargo 2026-12-02T14:00Z", "set the release date and time (with its zone)", (args) => {
    const [text, ...extra] = args;
    if (!text || extra.length > 0) return fail("expected one date-time like `2026-12-02T14:00Z`");
    return ok({ command: "embargo", text });
  }),
  spec("approve", "/approve [content hash]", "sign off the advisory as it read when you wrote the command (optionally naming the hash `/status` shows)", (args) => {
    const [hash, ...extra] = args;
    if (hash === undefined) return ok({ command: "approve" });
    if (extra.length > 0 || !APPROVE_HASH_PATTERN.test(hash.toLowerCase())) return fail("expected nothing, or the content hash `/status` shows, e.g. `/approve 3f2a9c1d`");
    return ok({ command: "approve", hash: hash.toLowerCase() });
  }, true),
  spec("publish", "/publish", "publish the approved advisory now", simple("publish"), true),
  spec("status", "/status", "show the state, dates, approvals and what is missing", simple("status")),
];
