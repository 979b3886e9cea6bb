import type { AppIdentity } from "../../core/identity.js";

/** Who secwg is on GitHub: its app and bot account. */
export interface AppGateway {
  /**
   * The app's own bot account. Only comments and issues it authored are secwg's (`isOurs`): every
   * find-by-marker of the gateway already applies that rule; callers that list a whole thread apply it too.
   * @see https://docs.github.com/en/rest/apps/apps#get-the-authenticated-app
   */
  self(): Promise<AppIdentity>;
}
