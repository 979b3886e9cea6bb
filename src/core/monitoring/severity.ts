/** GitHub's severities, lowest first. The advisory database says `moderate` where alerts say `medium`. */
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export function toSeverity(value: unknown): Severity | null {
  if (typeof value !== "string") return null;
  const v = value.toLowerCase();
  if (v === "moderate") return "medium";
  return (SEVERITIES as readonly string[]).includes(v) ? (v as Severity) : null;
}

/** An unknown severity is never filtered out: not knowing is no reason to stay silent. */
export function atLeast(severity: Severity | null, min: Severity): boolean {
  return severity === null || SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(min);
}
