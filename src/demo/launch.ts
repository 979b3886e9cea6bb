import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * Starts the local demo: the GitHub simulator with a seeded organisation and secwg against it
 * (`sim/demo.ts`). The simulator is a development tool and is not compiled into `dist/`, so it runs
 * through `tsx`, a dev dependency that `npm ci` installs. Resolves with the demo's exit code.
 */
export async function launchDemo(args: string[]): Promise<number> {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const entry = `${root}sim/demo.ts`;
  let hasTsx = true;
  try {
    createRequire(import.meta.url).resolve("tsx");
  } catch {
    hasTsx = false;
  }
  if (!hasTsx || !existsSync(entry)) {
    console.error(
      "secwg: no GitHub App credentials (APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH), and the local demo is not available here " +
        "(it needs the development install: run `npm ci` in a clone). To register a GitHub App instead, run with SECWG_SETUP=1.",
    );
    return 1;
  }
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], { cwd: root, stdio: "inherit" });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on("SIGINT", forward("SIGINT"));
  process.on("SIGTERM", forward("SIGTERM"));
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 0)));
}
