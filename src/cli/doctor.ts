import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import type { Probot } from "probot";
import { probotFromEnv } from "../app/probot-from-env.js";
import { DeliveryReads } from "../github/delivery-reads.js";
import { loadPolicy, loadRepoSettings } from "../features/policy/load.js";
import { resolveRepo } from "../core/repositories.js";
import { loadRoster } from "../features/policy/load-roster.js";
import { SecwgError } from "../errors.js";
import { OctokitGateway, type Octokit } from "../github/octokit-gateway.js";
import { createLogger, type Logger } from "../logger.js";
import { positiveInteger, runCommand, type CliCommandSpec } from "./command.js";

export function doctorCommand(deps: DoctorDeps = {}): CliCommandSpec {
  return {
    path: ["doctor"],
    summary: "check credentials, permissions, configuration, tracker privacy and roster",
    description: [
      "Checks each installation end to end: the app's credentials, the permissions and events",
      "app.yml asks for, the configuration of each repository, that the tracker is private and that",
      "the roster is valid. Exit 0 when every check passed, 1 when one failed, 2 on bad usage.",
    ].join(" "),
    configure: (command) =>
      command
        .option("--installation <id>", "check only this installation", positiveInteger)
        .option("--max-repos <n>", "check at most this many repositories per installation", positiveInteger, 200),
    execute: (_operands, options) => doctor(options.installation as number | undefined, options.maxRepos as number, deps),
  };
}

export const spec = doctorCommand();

export function run(args: string[], deps: DoctorDeps = {}): Promise<number> {
  return runCommand(doctorCommand(deps), args);
}

export interface Check {
  ok: boolean;
  label: string;
  detail?: string;
}

interface Manifest {
  default_events?: string[];
  default_permissions?: Record<string, string>;
}

const LEVEL: Record<string, number> = { read: 1, write: 2, admin: 3 };

/**
 * Permissions (and the events that need them) secwg works without: where an organization does not
 * grant one, GitHub does not deliver the event and only that tracking is off.
 */
export const OPTIONAL_PERMISSIONS: Record<string, { event?: string; without: string }> = {
  vulnerability_alerts: { event: "dependabot_alert", without: "Dependabot alerts are not tracked" },
  security_events: { event: "code_scanning_alert", without: "code scanning alerts are not tracked" },
  secret_scanning_alerts: { event: "secret_scanning_alert", without: "secret scanning alerts are not tracked" },
  administration: { without: "hygiene cannot read whether private vulnerability reporting is enabled (shown as unknown); enabling it (`fix`) and keeping the tracker's direct collaborators (`access.trackerCollaborators`) need administration: write, which the organization grants only if it wants them" },
};

/** One line per optional permission the installation lacks: what is off and how to turn it on. */
export function optionalPermissionNotes(wanted: Record<string, string>, granted: Record<string, string | undefined>): Check[] {
  return Object.entries(OPTIONAL_PERMISSIONS)
    .filter(([name]) => wanted[name] !== undefined && !granted[name])
    .map(([name, { without }]) => ({ ok: true, label: `${name}: read not granted: ${without} (optional; grant it in the installation settings to turn it on)` }));
}

/** What app.yml asks for that the installation has not granted (an owner must accept new permissions). */
export function comparePermissions(wanted: Record<string, string>, granted: Record<string, string | undefined>): string[] {
  const missing: string[] = [];
  for (const [name, level] of Object.entries(wanted)) {
    const have = granted[name];
    if (!have) missing.push(`${name}: ${level} (not granted)`);
    else if ((LEVEL[have] ?? 0) < (LEVEL[level] ?? 0)) missing.push(`${name}: ${level} (granted ${have})`);
  }
  return missing;
}

function readManifest(): Manifest {
  return yaml.load(readFileSync(new URL("../../app.yml", import.meta.url), "utf8")) as Manifest;
}

function message(error: unknown): string {
  if (error instanceof SecwgError) return error.message;
  return error instanceof Error ? error.message.split(" - ")[0] ?? error.message : String(error);
}

/**
 * Checks one installation end to end and returns the findings in reading order.
 * @see https://docs.github.com/en/rest/apps/apps#get-an-installation-for-the-authenticated-app
 * @see https://docs.github.com/en/rest/apps/installations#list-repositories-accessible-to-the-app-installation
 */
async function checkInstallation(probot: Probot, installation: { id: number; account: string; permissions: Record<string, string | undefined>; events: string[] }, manifest: Manifest, maxRepos: number): Promise<Check[]> {
  const checks: Check[] = [];
  const wanted = manifest.default_permissions ?? {};
  const required = Object.fromEntries(Object.entries(wanted).filter(([name]) => !(name in OPTIONAL_PERMISSIONS)));
  const optionalEvents = Object.entries(OPTIONAL_PERMISSIONS).filter(([name]) => !installation.permissions[name]).flatMap(([, o]) => (o.event ? [o.event] : []));
  const missing = comparePermissions(required, installation.permissions);
  checks.push(missing.length === 0 ? { ok: true, label: "permissions granted match app.yml" } : { ok: false, label: "permissions missing (accept the app's new permissions in the installation settings)", detail: missing.join("; ") });
  checks.push(...optionalPermissionNotes(wanted, installation.permissions));
  const missingEvents = (manifest.default_events ?? []).filter((e) => !installation.events.includes(e) && !optionalEvents.includes(e));
  checks.push(missingEvents.length === 0 ? { ok: true, label: "events subscribed match app.yml" } : { ok: false, label: "events not subscribed", detail: missingEvents.join(", ") });

  let octokit: Octokit;
  try {
    octokit = (await probot.auth(installation.id)) as Octokit;
    await octokit.auth({ type: "installation" });
    checks.push({ ok: true, label: "installation token issued" });
  } catch (error) {
    checks.push({ ok: false, label: "installation token refused", detail: message(error) });
    return checks;
  }
  // One read of the organisation's policy serves every repository's check.
  const gateway = new OctokitGateway(octokit, new DeliveryReads().forDelivery("doctor"));
  const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
  checks.push({ ok: true, label: `${repos.length} repositories accessible${repos.length > maxRepos ? ` (checking the first ${maxRepos})` : ""}` });

  const owners = [...new Set(repos.map((r) => r.owner.login))];
  for (const owner of owners) {
    // The group's policy: the organisation's `.github` repository only.
    try {
      const policy = await loadPolicy(gateway, owner);
      checks.push({ ok: true, label: `${owner}/.github: organisation policy valid` });
      const tracker = resolveRepo(policy.group.tracker, owner);
      try {
        const info = await gateway.getRepository(tracker);
        checks.push(info.private ? { ok: true, label: `tracker ${tracker.owner}/${tracker.repo} is private` } : { ok: false, label: `tracker ${tracker.owner}/${tracker.repo} is PUBLIC: secwg refuses to log reports there`, detail: "make it private or point group.tracker at a private repository" });
      } catch (error) {
        checks.push({ ok: false, label: `tracker ${tracker.owner}/${tracker.repo} not reachable`, detail: message(error) });
      }
      try {
        const roster = await loadRoster(gateway, policy, owner);
        checks.push({ ok: true, label: `roster valid (${roster.members.length} members)` });
      } catch (error) {
        checks.push({ ok: false, label: "roster invalid", detail: message(error) });
      }
    } catch (error) {
      checks.push({ ok: false, label: `${owner}/.github: organisation policy unusable`, detail: message(error) });
    }
  }
  for (const repo of repos.slice(0, maxRepos)) {
    try {
      await loadRepoSettings(gateway, { owner: repo.owner.login, repo: repo.name });
      checks.push({ ok: true, label: `${repo.full_name}: configuration valid` });
    } catch (error) {
      checks.push({ ok: false, label: `${repo.full_name}: configuration unusable`, detail: message(error) });
    }
  }
  return checks;
}

export function renderChecks(title: string, checks: Check[]): string {
  return [title, ...checks.map((c) => `  ${c.ok ? "ok  " : "FAIL"} ${c.label}${c.detail ? `\n         ${c.detail}` : ""}`)].join("\n");
}

export interface DoctorDeps {
  probot?: Probot;
  log?: Logger;
  print?(text: string): void;
  manifest?: Manifest;
}

/** `secwg doctor`: credentials, permissions, configuration, tracker privacy and roster, per installation. */
async function doctor(only: number | undefined, maxRepos: number, deps: DoctorDeps): Promise<number> {
  const print = deps.print ?? ((text: string) => console.log(text));
  const log = deps.log ?? createLogger({ level: "warn" });
  let probot: Probot;
  try {
    probot = deps.probot ?? probotFromEnv(log);
  } catch (error) {
    print(renderChecks("credentials", [{ ok: false, label: "credentials missing", detail: message(error) }]));
    return 1;
  }
  const manifest = deps.manifest ?? readManifest();
  let appOctokit: Octokit;
  let installations: { id: number; account: string; permissions: Record<string, string | undefined>; events: string[] }[];
  try {
    appOctokit = (await probot.auth()) as Octokit;
    const { data: app } = await appOctokit.rest.apps.getAuthenticated();
    print(renderChecks("credentials", [{ ok: true, label: `authenticated as app ${app?.slug ?? app?.name ?? "?"} (id ${app?.id ?? "?"})` }]));
    const list = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
    installations = list
      .filter((i) => only === undefined || i.id === only)
      .map((i) => {
        const account = i.account as { login?: string; slug?: string } | null;
        return { id: i.id, account: account?.login ?? account?.slug ?? String(i.id), permissions: i.permissions as Record<string, string | undefined>, events: i.events };
      });
  } catch (error) {
    print(renderChecks("credentials", [{ ok: false, label: "GitHub refused the app's credentials (check APP_ID, the private key and GHE_HOST)", detail: message(error) }]));
    return 1;
  }
  if (installations.length === 0) {
    print(only === undefined ? "no installations: install the app on an organisation first" : `installation ${only} not found`);
    return 1;
  }
  let failed = 0;
  for (const installation of installations) {
    const checks = await checkInstallation(probot, installation, manifest, maxRepos).catch((error: unknown) => [{ ok: false, label: "check aborted", detail: message(error) }]);
    failed += checks.filter((c) => !c.ok).length;
    print(renderChecks(`installation ${installation.id} (${installation.account})`, checks));
  }
  print(failed === 0 ? "all checks passed" : `${failed} problem${failed === 1 ? "" : "s"} found`);
  return failed === 0 ? 0 : 1;
}
