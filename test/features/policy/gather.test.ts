import { gatherPolicy, readPolicy } from "../../../src/features/policy/gather.js";
import { ConfigError, GitHubError, RosterError } from "../../../src/errors.js";
import type { Gateway, RepoRef } from "../../../src/github/gateway.js";

const ROSTER = "members:\n  - {login: alice, id: 1001, roles: [chair], joined: 2026-01-01, term_ends: 2027-01-01}\n";

/** A GitHub holding the organisation's policy file and the group repository's roster, nothing else. */
function github(files: { policy: string | null; roster: string | null }): Gateway {
  return {
    readConfigFile: async (repo: RepoRef) => (repo.repo === ".github" ? files.policy : null),
    readFile: async (repo: RepoRef, path: string) => (repo.repo === "security-wg" && path === "MEMBERS.yml" ? files.roster : null),
    getRepository: async () => ({ private: false }),
  } as unknown as Gateway;
}

describe("readPolicy", () => {
  const config = new ConfigError("acme/.github:.github/secwg.yml", [{ path: "group", message: "expected a mapping" }]);
  const roster = new RosterError("acme/security-wg:MEMBERS.yml", [{ path: "members", message: "expected a list" }]);
  it.each([
    ["a configuration problem", config],
    ["a roster problem", roster],
  ])("returns %s as the problem a person can fix", async (_what, error) => {
    await expect(readPolicy(async () => Promise.reject(error))).resolves.toEqual({ ok: false, problem: error });
  });

  it.each([
    ["GitHub failing", new GitHubError(502, "GET /repos/{owner}/{repo}/contents/{path}", "Bad Gateway")],
    ["a bug", new TypeError("undefined is not a function")],
  ])("throws %s, for the queue to retry or the operator to see", async (_what, error) => {
    await expect(readPolicy(async () => Promise.reject(error))).rejects.toBe(error);
  });

  it("returns the value read", async () => {
    await expect(readPolicy(async () => 42)).resolves.toEqual({ ok: true, value: 42 });
  });
});

describe("gatherPolicy", () => {
  const policy = "group:\n  repo: acme/security-wg\n";

  it("gives the organisation's configuration and the roster on the group repository", async () => {
    const gathered = await gatherPolicy(github({ policy, roster: ROSTER }), { owner: "acme" });
    expect(gathered.ok).toBe(true);
    if (gathered.ok) expect(gathered.roster.members.map((m) => m.id)).toEqual([1001]);
  });

  it("gives the configuration with the roster's problem when only the roster is unusable", async () => {
    const gathered = await gatherPolicy(github({ policy, roster: null }), { owner: "acme" });
    expect(gathered).toMatchObject({ ok: false, problem: { code: "roster-invalid" } });
    expect(gathered.config?.group.repo).toBe("acme/security-wg");
  });

  it("stops at an unusable configuration without reading the roster", async () => {
    const gathered = await gatherPolicy(github({ policy: "group: [1, 2]\n", roster: ROSTER }), { owner: "acme" });
    expect(gathered).toMatchObject({ ok: false, problem: { code: "config-invalid" }, config: null });
  });
});
