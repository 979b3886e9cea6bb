/**
 * The organisation every scenario and the demo start from: `acme`, with a public group repository
 * holding a five-member roster, a private tracker, a code repository and the org `.github`
 * repository carrying the shared configuration. The app is installed on the whole organisation.
 */
import { renderMembershipTemplate } from "../src/core/membership/membership-template.js";
import type { Account, Installation, Repo, World } from "./world.js";

export const ORG = "acme";
export const INSTALLATION_ID = 4242;

export interface SeededOrg {
  org: Account;
  installation: Installation;
  members: Record<"alice" | "bob" | "carol" | "dave" | "erin", Account>;
  /** People who are not members: a contributor and an outside reporter. */
  frank: Account;
  mallory: Account;
  groupRepo: Repo;
  tracker: Repo;
  webapp: Repo;
  dotGithub: Repo;
}

/** Org-wide defaults, inherited by every repository through Probot's org `.github` fallback. */
export const ORG_CONFIG = `# Shared secwg configuration for acme (read from acme/.github on its default branch).
group:
  repo: security-wg
  roster: MEMBERS.yml
  tracker: security-tracker
  teams: [security-wg]
`;

/** The day the seeded Board Liaison's Board term ends. */
export const SEED_BOARD_TERM_ENDS = "2028-06-30";

function roster(members: SeededOrg["members"]): string {
  const entry = (m: Account, roles: string, joined: string) =>
    [
      `  - login: ${m.login}`,
      `    id: ${m.id}`,
      `    name: ${m.name ?? m.login}`,
      `    roles: [${roles}]`,
      `    joined: ${joined}`,
      `    term_ends: 2027-12-31`,
      // The Board Liaison's entry records when their Board term ends (the roster check requires it).
      ...(roles.includes("board-liaison") ? [`    board_term_ends: ${SEED_BOARD_TERM_ENDS}`] : []),
      `    tracker_access: true`,
      `    away: false`,
    ].join("\n");
  return [
    "# The Security Working Group. Identity is the numeric id; login is for display.",
    "members:",
    entry(members.alice, "chair", "2025-01-15"),
    entry(members.bob, "co-chair", "2025-01-15"),
    entry(members.carol, "board-liaison", "2025-03-01"),
    entry(members.dave, "member", "2025-06-01"),
    entry(members.erin, "member", "2025-09-01"),
    "",
  ].join("\n");
}


const WEBAPP_FILES: Record<string, string> = {
  "README.md": "# webapp\n\nacme's customer portal.\n",
  "auth/views.py": "from django.shortcuts import render\n\n\ndef login(request):\n    return render(request, 'login.html')\n",
  "billing/invoice.py": "def total(lines):\n    return sum(line.amount for line in lines)\n",
  "SECURITY.md": "# Security policy\n\nReport vulnerabilities privately through GitHub's security advisories.\n",
};

export function seedOrg(world: World): SeededOrg {
  const org = world.addAccount(ORG, "Organization", 3_000_001);
  const people = {
    alice: world.addAccount("alice", "User", 1001, "Alice Example"),
    bob: world.addAccount("bob", "User", 1002, "Bob Example"),
    carol: world.addAccount("carol", "User", 1003, "Carol Example"),
    dave: world.addAccount("dave", "User", 1004, "Dave Example"),
    erin: world.addAccount("erin", "User", 1005, "Erin Example"),
  };
  const frank = world.addAccount("frank", "User", 1006, "Frank Contributor");
  const mallory = world.addAccount("mallory", "User", 1007, "Mallory Reporter");

  const dotGithub = world.addRepo(org, ".github", { files: { ".github/secwg.yml": ORG_CONFIG } });
  const groupRepo = world.addRepo(org, "security-wg", {
    files: {
      "MEMBERS.yml": roster(people),
      ".github/PULL_REQUEST_TEMPLATE/membership.md": renderMembershipTemplate(),
      "advisories/ARCHIVE.md": "# Published advisories\n",
      "README.md": "# acme Security Working Group\n",
    },
  });
  const tracker = world.addRepo(org, "security-tracker", { private: true, files: { "README.md": "# Private tracker\n" } });
  const webapp = world.addRepo(org, "webapp", { files: WEBAPP_FILES });
  webapp.privateVulnerabilityReporting = true;
  for (const repo of [groupRepo, tracker, webapp]) {
    for (const m of Object.values(people)) repo.collaborators.set(m.id, m === people.alice || m === people.bob ? "admin" : "write");
  }
  world.addTeam(org, "security-wg", Object.values(people));
  const installation = world.addInstallation(org, INSTALLATION_ID);
  return { org, installation, members: people, frank, mallory, groupRepo, tracker, webapp, dotGithub };
}
