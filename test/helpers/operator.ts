import { Probot } from "probot";
import type { Harness } from "../../sim/harness.js";
import type { Gateway } from "../../src/github/gateway.js";
import { OctokitGateway, type Octokit } from "../../src/github/octokit-gateway.js";
import { createLogger } from "../../src/logger.js";
import { createSecwgOctokit } from "../../src/octokit.js";

/** The operator's view: the app's credentials, the installation on `acme`, as `secwg audit` has it. */
export async function operatorGateway(h: Harness): Promise<Gateway> {
  const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
  const app = (await probot.auth()) as Octokit;
  const installations = await app.paginate(app.rest.apps.listInstallations, { per_page: 100 });
  const acme = installations.find((i) => (i.account as { login?: string } | null)?.login === "acme");
  return new OctokitGateway((await probot.auth(acme?.id)) as Octokit);
}
