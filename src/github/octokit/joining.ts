import { callGitHub, statusOf } from "./call-github.js";
import type { GitHubContext } from "./context.js";

/**
 * The account that has `login` now, or null (404: no account has it). The id is what secwg keeps;
 * the login is display text that its owner can change. Read once per delivery.
 * @see https://docs.github.com/en/rest/users/users#get-a-user
 */
export function getUserByLogin({ octokit, reads }: GitHubContext, login: string): Promise<{ id: number; login: string; type: string } | null> {
  return reads.memo(`user-login:${login.toLowerCase()}`, async () => {
    try {
      const { data } = await octokit.rest.users.getByUsername({ username: login });
      return { id: data.id, login: data.login, type: data.type };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      return callGitHub("GET /users/{username}", () => Promise.reject(error));
    }
  });
}
