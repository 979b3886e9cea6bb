/**
 * Operational settings read from the environment once at start-up. Every value has a default that
 * suits a single instance; a malformed value stops the process with a message naming the variable,
 * rather than silently running with a default the operator did not choose.
 */
export interface OperationsSettings {
  /** `inprocess`: this process sweeps on a timer. `off`: an external scheduler runs `secwg sweep`. */
  sweep: "inprocess" | "off";
  sweepIntervalMs: number;
  /** How far back the redelivery step looks for failed webhook deliveries. */
  redeliveryWindowMs: number;
  shutdownGraceMs: number;
  /** Objects (issues, pull requests, advisories) handled at the same time. */
  workConcurrency: number;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `5m`, `24h`, `2d`, `1500ms`; a bare number is read in `bareUnit`. Returns null when malformed. */
export function parseDuration(text: string, bareUnit: keyof typeof UNITS = "s"): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return null;
  const value = Number(match[1]) * (UNITS[match[2] ?? bareUnit] as number);
  return Number.isFinite(value) && value > 0 ? Math.round(value) : null;
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

function duration(env: NodeJS.ProcessEnv, name: string, fallbackMs: number, bareUnit: keyof typeof UNITS): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallbackMs;
  const parsed = parseDuration(raw, bareUnit);
  if (parsed === null) throw new SettingsError(`${name}: expected a duration such as 300, 90s, 5m, 24h or 2d, got ${JSON.stringify(raw)}`);
  return parsed;
}

export function readOperationsSettings(env: NodeJS.ProcessEnv = process.env): OperationsSettings {
  const sweep = (env.SWEEP ?? "inprocess").trim().toLowerCase() || "inprocess";
  if (sweep !== "inprocess" && sweep !== "off") {
    throw new SettingsError(`SWEEP: expected "inprocess" (this process sweeps on a timer) or "off" (a CronJob runs \`secwg sweep\`), got ${JSON.stringify(env.SWEEP)}`);
  }
  const concurrencyText = env.WORK_CONCURRENCY ?? "8";
  const workConcurrency = Number(concurrencyText);
  if (!Number.isInteger(workConcurrency) || workConcurrency < 1 || workConcurrency > 100) {
    throw new SettingsError(`WORK_CONCURRENCY: expected a whole number between 1 and 100, got ${JSON.stringify(concurrencyText)}`);
  }
  return {
    sweep,
    sweepIntervalMs: duration(env, "SWEEP_INTERVAL", 5 * 60_000, "s"),
    redeliveryWindowMs: duration(env, "SECWG_REDELIVERY_WINDOW", 24 * 3_600_000, "h"),
    shutdownGraceMs: duration(env, "SHUTDOWN_GRACE_SECONDS", 25_000, "s"),
    workConcurrency,
  };
}
