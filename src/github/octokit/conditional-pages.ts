import type { Conditional } from "../gateway.js";
import { wasNotModified } from "../conditional-requests.js";
import { callGitHub } from "./call-github.js";
import type { Octokit } from "./context.js";

/**
 * GETs every page of a list. Every GET is conditional (see `conditional-requests.ts`), so a page
 * that did not change is answered 304 and costs no primary rate limit; `notModified` is true when
 * every page was.
 * @see https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
 */
export async function conditionalPages<T>(
  octokit: Octokit,
  route: string,
  params: Record<string, unknown>,
  pick: (data: unknown) => unknown[] = (data) => data as unknown[],
  maxPages = 100,
): Promise<Conditional<T[]>> {
  const request = octokit.request as unknown as (
    route: string,
    params: Record<string, unknown>,
  ) => Promise<{ data: unknown; headers: Record<string, unknown> }>;
  const items: T[] = [];
  let notModified = true;
  for (let page = 1; page <= maxPages; page++) {
    const response = await callGitHub(route, () => request(route, { ...params, per_page: 100, page }));
    if (!wasNotModified(response)) notModified = false;
    items.push(...(pick(response.data) as T[]));
    if (!/rel="next"/.test(String(response.headers.link ?? ""))) break;
  }
  return { data: items, notModified };
}
