import { MAX_LINE_LENGTH } from "./rule-model.js";

/**
 * One changed line of a unified diff, without its `+`/`-` prefix, or the context of a hunk: the
 * text after a hunk header's closing `@@`, where git names the enclosing class or function
 * (`@@ -10,6 +10,8 @@ class SQLCompiler:`), which tells what the changed code is part of.
 */
export interface DiffLine {
  side: "added" | "removed" | "context";
  /** New-file line number for an added line or a hunk's context, old-file line number for a removed one. */
  line: number;
  text: string;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@ ?/;

/**
 * The added and removed lines of a `patch` as `pulls.listFiles` returns it (hunks starting at
 * `@@`). Never throws: text outside a hunk is ignored, and lines are cut at `MAX_LINE_LENGTH`.
 */
export function parseDiffLines(patch: string): DiffLine[] {
  const result: DiffLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false;
  let start = 0;
  while (start <= patch.length) {
    let end = patch.indexOf("\n", start);
    if (end === -1) end = patch.length;
    // Only the head of a long line is read: bounded work per line whatever its length.
    const raw = patch.slice(start, Math.min(end, start + MAX_LINE_LENGTH + 1));
    start = end + 1;
    const first = raw.charAt(0);
    if (first === "@") {
      const header = HUNK_HEADER.exec(raw);
      if (header) {
        oldLine = Number(header[1]);
        newLine = Number(header[2]);
        inHunk = true;
        const context = raw.slice(header[0].length, MAX_LINE_LENGTH + 1).replace(/\r$/, "");
        if (context.trim() !== "") result.push({ side: "context", line: newLine, text: context });
        continue;
      }
    }
    if (!inHunk) continue;
    if (first === "+") {
      result.push({ side: "added", line: newLine, text: raw.slice(1, MAX_LINE_LENGTH + 1).replace(/\r$/, "") });
      newLine++;
    } else if (first === "-") {
      result.push({ side: "removed", line: oldLine, text: raw.slice(1, MAX_LINE_LENGTH + 1).replace(/\r$/, "") });
      oldLine++;
    } else if (first === " " || first === "") {
      oldLine++;
      newLine++;
    }
    // `\ No newline at end of file` and anything else: not a line of either file.
  }
  return result;
}

/**
 * `patch` with every line cut at `MAX_LINE_LENGTH` characters after its `+`/`-`/space prefix: what
 * the pre-screen of a whole patch sees, so that no pattern ever reads more of a line than the
 * per-line match does. Returns `patch` itself (no copy) when no line is that long.
 */
export function capPatchLines(patch: string): string {
  const parts: string[] = [];
  let start = 0;
  let cut = false;
  while (start <= patch.length) {
    let end = patch.indexOf("\n", start);
    if (end === -1) end = patch.length;
    if (end - start > MAX_LINE_LENGTH + 1) cut = true;
    parts.push(patch.slice(start, Math.min(end, start + MAX_LINE_LENGTH + 1)));
    start = end + 1;
  }
  return cut ? parts.join("\n") : patch;
}

/** Bytes of a file's head kept and looked at, at most (imports sit at the top). */
export const MAX_HEAD_BYTES = 8 * 1024;
/** Lines of a head looked at, at most. */
const MAX_HEAD_LINES = 200;

const IMPORT_LINE = /^\s{0,8}(?:from|import)\s/;

/** The import lines among the first lines of a file's head, with their 1-based line numbers. */
export function importLines(head: string): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = [];
  const lines = head.slice(0, MAX_HEAD_BYTES).split("\n", MAX_HEAD_LINES);
  lines.forEach((text, index) => {
    if (IMPORT_LINE.test(text)) found.push({ line: index + 1, text: text.slice(0, 500) });
  });
  return found;
}
