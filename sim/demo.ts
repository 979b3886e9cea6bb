/**
 * The demo a newcomer gets from `npm start` without credentials: a local GitHub simulator with the
 * seeded `acme` organisation, secwg running against it, the scenarios played with narration, then
 * the simulator stays up (browse it, or play more with `npm run demo -- --scenario <name>`).
 *
 *   npm run demo                         play every scenario, keep running
 *   npm run demo -- --scenario review    play one (in the running demo if there is one)
 *   npm run demo -- --once               exit after playing
 *   npm run demo -- --pacing github      Probot's production write spacing (slower, realistic)
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { freePort, startHarness, type Harness } from "./harness.js";
import { SCENARIOS, type Scenario } from "./scenarios.js";

const STATE_FILE = new URL("../node_modules/.cache/secwg-demo.json", import.meta.url);

interface Args {
  scenarios: string[];
  once: boolean;
  pacing: "github" | "fast";
}

function parseArgs(argv: string[]): Args {
  const args: Args = { scenarios: [], once: false, pacing: "fast" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--scenario" || arg === "-s") args.scenarios.push(argv[++i] ?? "");
    else if (arg?.startsWith("--scenario=")) args.scenarios.push(arg.slice("--scenario=".length));
    else if (arg === "--once") args.once = true;
    else if (arg === "--pacing") args.pacing = argv[++i] === "github" ? "github" : "fast";
    else if (arg === "--help" || arg === "-h") {
      console.log(`usage: npm run demo -- [--scenario ${SCENARIOS.map((s) => s.name).join("|")}]... [--once] [--pacing github|fast]`);
      process.exit(0);
    }
  }
  const unknown = args.scenarios.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) {
    console.error(`unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
    process.exit(2);
  }
  return args;
}

async function play(h: Harness, scenario: Scenario, say: (line: string) => void): Promise<void> {
  say("");
  say(`━━ ${scenario.title}`);
  const steps = await scenario.run(h, say);
  const calls = steps.reduce((n, s) => n + (s.to - s.from), 0);
  say(`   (${steps.length} steps, ${calls} GitHub API calls, ${h.sim.violations.length} requests outside GitHub's API description)`);
}

/** A demo is already running: ask it to play, and print its narration. */
async function playInRunningDemo(names: string[]): Promise<boolean> {
  let control: string;
  try {
    control = (JSON.parse(readFileSync(STATE_FILE, "utf8")) as { control: string }).control;
  } catch {
    return false;
  }
  try {
    for (const name of names) {
      const res = await fetch(`${control}/play/${encodeURIComponent(name)}`, { method: "POST" });
      process.stdout.write(await res.text());
    }
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.scenarios.length > 0 && !args.once && (await playInRunningDemo(args.scenarios))) return;

  console.log("secwg demo: starting a local GitHub simulator with the organisation `acme` and secwg against it…");
  // `fast` pacing plays minutes of a group's activity in seconds, so GitHub's per-minute limits are
  // scaled to the compressed clock (the hourly ones stay); `github` pacing keeps them as they are.
  const simulator = args.pacing === "fast" ? { limits: { pointsPerMinute: 900 * 6, contentPerMinute: 80 * 6 } } : {};
  const h = await startHarness({ pacing: args.pacing, logLevel: process.env.LOG_LEVEL ?? "warn", simulator, dashboardRefresh: "timed" });
  const say = (line: string) => console.log(line);
  say(`  simulator (browse it): ${h.sim.url}/`);
  say(`  secwg:                 ${h.appUrl}  (webhooks at /api/github/webhooks, health at /healthz)`);
  say(`  acme/security-wg: 5 members in MEMBERS.yml · acme/security-tracker (private) · acme/webapp · acme/.github (shared config)`);

  const chosen = args.scenarios.length > 0 ? SCENARIOS.filter((s) => args.scenarios.includes(s.name)) : SCENARIOS;
  for (const scenario of chosen) await play(h, scenario, say);

  if (args.once) {
    await h.stop();
    return;
  }

  // Keep running: accept more scenarios from another terminal (npm run demo -- --scenario x) or stdin.
  const port = await freePort();
  const control = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? "").replace(/^\/play\//, ""));
    const scenario = SCENARIOS.find((s) => s.name === name);
    if (req.method !== "POST" || !scenario) {
      res.writeHead(404).end(`unknown scenario; known: ${SCENARIOS.map((s) => s.name).join(", ")}\n`);
      return;
    }
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
    const both = (line: string) => {
      say(line);
      res.write(`${line}\n`);
    };
    play(h, scenario, both).then(
      () => res.end(),
      (error: unknown) => res.end(`failed: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  });
  await new Promise<void>((resolve) => control.listen(port, "127.0.0.1", () => resolve()));
  mkdirSync(new URL(".", STATE_FILE), { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify({ control: `http://127.0.0.1:${port}`, simulator: h.sim.url, pid: process.pid }));

  say("");
  say(`The simulator keeps running at ${h.sim.url}/ — play more from another terminal with`);
  say(`  npm run demo -- --scenario <${SCENARIOS.map((s) => s.name).join("|")}>`);
  say("or type a scenario name here and press Enter. Ctrl-C stops.");

  const stop = async () => {
    rmSync(STATE_FILE, { force: true });
    control.close();
    await h.stop();
    process.exit(0);
  };
  process.on("exit", () => rmSync(STATE_FILE, { force: true }));
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  if (process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    rl.on("line", (line) => {
      const scenario = SCENARIOS.find((s) => s.name === line.trim());
      if (scenario) void play(h, scenario, say);
      else if (line.trim()) say(`unknown scenario; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
