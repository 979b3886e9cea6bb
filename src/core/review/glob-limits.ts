/**
 * Bounds on path globs from configuration. picomatch turns a glob into a backtracking JavaScript
 * regular expression: `*` becomes a lazy `[^/]*?`, so k stars in one path segment cost up to n^k steps
 * on a file name of length n (three stars on a 1,024-char name: ~0.4 s; four: over a minute), and
 * extglobs like `+(a|aa)` nest quantifiers. Two stars per segment and names of at most
 * `MAX_GLOB_PATH_CHARS` keep every test under a millisecond.
 */

/** File names longer than this are not matched against globs: they count as in scope and as not excluded. */
export const MAX_GLOB_PATH_CHARS = 1_024;
/** At most this many `*` in one path segment, a `**` segment not counted. */
export const MAX_STARS_PER_SEGMENT = 2;

/** Why a glob is refused, or null when it is accepted. */
export function globProblem(glob: string): string | null {
  if (/[?*+@!]\(/.test(glob)) return "extglob patterns like `+(a|b)` are not supported; list the alternatives as separate globs or use `{a,b}`";
  for (const segment of glob.split("/")) {
    if (segment === "**") continue;
    const stars = segment.split("*").length - 1;
    if (stars > MAX_STARS_PER_SEGMENT) {
      return `expected at most ${MAX_STARS_PER_SEGMENT} \`*\` in one path segment, found ${stars} in one segment (each one multiplies the work of matching a file name)`;
    }
  }
  return null;
}
