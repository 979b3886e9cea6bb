import { RE2JS } from "re2js";

/** What the rule engine needs from a compiled pattern; a JavaScript `RegExp` is one too. */
export interface Matcher {
  readonly source: string;
  test(text: string): boolean;
  /** The texts of the first `limit` non-overlapping matches in `text`, left to right. */
  find(text: string, limit: number): string[];
}

/** A built-in pattern (reviewed code) on JavaScript's engine, with `find` from a global copy. */
export function builtinMatcher(regex: RegExp): Matcher {
  const global = new RegExp(regex.source, `${regex.flags}g`);
  return {
    source: regex.source,
    test: (text) => regex.test(text),
    find: (text, limit) => {
      const found: string[] = [];
      global.lastIndex = 0;
      for (let m = global.exec(text); m !== null && found.length < limit; m = global.exec(text)) {
        found.push(m[0]);
        if (m[0] === "") global.lastIndex++;
      }
      return found;
    },
  };
}

/** A pattern the linear-time engine cannot compile; `reason` is RE2's own words. */
export class UnsupportedPatternError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Compiles a regular expression written by a user (a custom review rule in `.github/secwg.yml`)
 * with re2js, a pure-JavaScript port of RE2: matching takes time linear in the text whatever the
 * pattern, so `(a|a)*b` or `(a+)+$` cannot stall the event loop. JavaScript syntax is translated
 * (named groups, escaped `/`); lookbehinds are supported, lookaheads and backreferences are not
 * (they need backtracking) and throw `UnsupportedPatternError`.
 * @see https://github.com/google/re2/wiki/Syntax
 */
export function compileLinearPattern(source: string, options: { ignoreCase?: boolean; multiline?: boolean } = {}): Matcher {
  let re: RE2JS;
  try {
    const flags = RE2JS.LOOKBEHINDS | (options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | (options.multiline ? RE2JS.MULTILINE : 0);
    re = RE2JS.compile(RE2JS.translateRegExp(source), flags);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UnsupportedPatternError(message.replace(/^error parsing regexp: /, ""));
  }
  return {
    source,
    test: (text) => re.test(text),
    find: (text, limit) => {
      const found: string[] = [];
      const matcher = re.matcher(text);
      while (found.length < limit && matcher.find()) found.push(matcher.group() ?? "");
      return found;
    },
  };
}

/** The problem to report for a pattern the linear-time engine refuses, or undefined when it compiles. */
export function linearPatternProblem(source: string): string | undefined {
  try {
    compileLinearPattern(source);
    return undefined;
  } catch (error) {
    if (!(error instanceof UnsupportedPatternError)) throw error;
    // RE2's words quote the offending part of the pattern; a check may be public, so only the reason stays.
    const reason = error.reason.replace(/:\s*`[\s\S]*$/, "");
    return `not a regular expression secwg can match in linear time (${reason}); lookaheads and backreferences are not supported`;
  }
}
