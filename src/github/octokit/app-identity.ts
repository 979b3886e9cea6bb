import type { AppIdentity } from "../../core/identity.js";
import { callGitHub } from "./call-github.js";
import type { Octokit } from "./context.js";

/** Where a gateway learns the app's own bot account. */
export interface AppIdentitySource {
  resolve(octokit: Octokit): Promise<AppIdentity>;
}

/**
 * Learns the app's bot account once per process (per GitHub host): `GET /app` (the app's JWT;
 * Octokit's app authentication signs `/app` with it even from an installation client) gives the
 * slug, the bot's login is `${slug}[bot]`, and `GET /users/{login}` gives its numeric id. A failed
 * lookup is not cached, so the next event tries again.
 * @see https://docs.github.com/en/rest/apps/apps#get-the-authenticated-app
 * @see https://docs.github.com/en/rest/users/users#get-a-user
 */
export class AppIdentityCache implements AppIdentitySource {
  private readonly known = new Map<string, Promise<AppIdentity>>();

  resolve(octokit: Octokit): Promise<AppIdentity> {
    const host = String(octokit.request.endpoint.DEFAULTS.baseUrl);
    let pending = this.known.get(host);
    if (!pending) {
      pending = lookUp(octokit);
      this.known.set(host, pending);
      pending.catch(() => this.known.delete(host));
    }
    return pending;
  }
}

async function lookUp(octokit: Octokit): Promise<AppIdentity> {
  const { data: app } = await callGitHub("GET /app", () => octokit.rest.apps.getAuthenticated());
  const slug = app?.slug;
  if (!slug) throw new Error("GitHub did not say which app this is (GET /app answered without a slug)");
  const login = `${slug}[bot]`;
  const { data: user } = await callGitHub("GET /users/{username}", () => octokit.rest.users.getByUsername({ username: login }));
  return { id: user.id, login: user.login };
}

/** An identity known in advance (tests, tools that already know it). */
export function fixedIdentity(identity: AppIdentity): AppIdentitySource {
  return { resolve: () => Promise.resolve(identity) };
}

/** The process-wide cache every gateway uses unless told otherwise. */
export const PROCESS_IDENTITY = new AppIdentityCache();
