/**
 * The CommonMark block and HTML syntax the visible-lines scanner recognises, as small pure tests
 * over one line or string (https://spec.commonmark.org/0.31.2/).
 */

/** How an HTML block ends (https://spec.commonmark.org/0.31.2/#html-blocks): a marker on a line, or a blank line. */
export type HtmlEnd = { marker: RegExp } | { blank: true };

/** The leaf block a line belongs to (`none` between blocks and after one-line blocks such as headings). */
export type Leaf =
  | { kind: "none" }
  | { kind: "paragraph" }
  | { kind: "table" }
  | { kind: "indented" }
  | { kind: "fence"; char: string; length: number }
  | { kind: "html"; end: HtmlEnd };

/** Elements whose content a reader does not see (collapsed, removed by GitHub's sanitiser, or not rendered as text). */
export const HIDING_ELEMENTS = new Set(["details", "script", "style", "textarea", "template", "noscript", "iframe", "object", "select", "title", "xmp", "noembed", "noframes", "plaintext", "svg", "math"]);

const HTML_BLOCK_6 = new Set(
  "address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td tfoot th thead title tr track ul".split(
    " ",
  ),
);

export const isSpace = (c: string | undefined) => c === " " || c === "\t";
export const isBlank = (s: string, from: number) => {
  for (let i = from; i < s.length; i++) if (!isSpace(s[i])) return false;
  return true;
};
export const isLetter = (c: string | undefined) => c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"));
export const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/** Leading spaces and tabs from `pos` (tabs to the next multiple of 4). */
export function skipIndent(line: string, pos: number, col: number): { pos: number; col: number } {
  while (pos < line.length) {
    if (line[pos] === " ") col++;
    else if (line[pos] === "\t") col += 4 - (col % 4);
    else break;
    pos++;
  }
  return { pos, col };
}

/** Length of the run of `ch` at `pos`. */
export function runLength(s: string, pos: number, ch: string): number {
  let i = pos;
  while (s[i] === ch) i++;
  return i - pos;
}

/** `***`, `---`, `___` with optional spaces (https://spec.commonmark.org/0.31.2/#thematic-breaks). */
export function isThematicBreak(line: string, pos: number): boolean {
  const ch = line[pos];
  if (ch !== "*" && ch !== "-" && ch !== "_") return false;
  let count = 0;
  for (let i = pos; i < line.length; i++) {
    if (line[i] === ch) count++;
    else if (!isSpace(line[i])) return false;
  }
  return count >= 3;
}

/** A GFM table delimiter row: cells of `:?-+:?` separated by pipes, with at least one pipe or colon. */
export function isTableDelimiterRow(line: string, pos: number): boolean {
  let sawPipe = false;
  let sawColon = false;
  let sawDash = false;
  for (let i = pos; i < line.length; i++) {
    const c = line[i];
    if (c === "|") sawPipe = true;
    else if (c === ":") sawColon = true;
    else if (c === "-") sawDash = true;
    else if (!isSpace(c)) return false;
  }
  if (!sawDash || (!sawPipe && !sawColon)) return false;
  const cells = line.slice(pos).trim().replace(/^\|/, "").replace(/\|$/, "").split("|");
  return cells.every((cell) => /^:?-+:?$/.test(cell.trim()));
}

/** The name of an HTML tag at `pos` (`<name` or `</name`), lower-cased, and where it ends. */
export function tagName(s: string, pos: number): { name: string; closing: boolean; end: number } | null {
  if (s[pos] !== "<") return null;
  let i = pos + 1;
  const closing = s[i] === "/";
  if (closing) i++;
  if (!isLetter(s[i])) return null;
  const start = i;
  while (isLetter(s[i]) || isDigit(s[i]) || s[i] === "-") i++;
  return { name: s.slice(start, i).toLowerCase(), closing, end: i };
}

/** Where an HTML block starting at `pos` ends, or null if none starts there. Type 7 only when `complete7`. */
export function htmlBlockStart(line: string, pos: number, allowType7: boolean): HtmlEnd | null {
  if (line[pos] !== "<") return null;
  const rest = line.slice(pos, pos + 10).toLowerCase();
  if (rest.startsWith("<!--")) return { marker: /-->/ };
  if (rest.startsWith("<?")) return { marker: /\?>/ };
  if (rest.startsWith("<![cdata[")) return { marker: /\]\]>/ };
  if (rest.startsWith("<!") && isLetter(line[pos + 2])) return { marker: />/ };
  const tag = tagName(line, pos);
  if (!tag) return null;
  const after = line[tag.end];
  const ends = after === undefined || isSpace(after) || after === ">" || (after === "/" && line[tag.end + 1] === ">");
  if (!tag.closing && ["script", "pre", "style", "textarea"].includes(tag.name) && (after === undefined || isSpace(after) || after === ">")) {
    return { marker: /<\/(?:script|pre|style|textarea)>/i };
  }
  if (HTML_BLOCK_6.has(tag.name) && ends) return { blank: true };
  if (allowType7) {
    const end = tag.closing ? closingTagEnd(line, tag.end) : openTagEnd(line, pos, () => -1, line.length);
    if (end > 0 && isBlank(line, end)) return { blank: true };
  }
  return null;
}

/** End of `</name   >` after the name, or -1. */
export function closingTagEnd(s: string, pos: number): number {
  const i = skipIndent(s, pos, 0).pos;
  return s[i] === ">" ? i + 1 : -1;
}

/**
 * End (exclusive) of an open tag starting at `pos` (https://spec.commonmark.org/0.31.2/#open-tag), -1 if
 * none, or -2 if the scan passed `limit`. `nextQuote(q, from)` finds the closing quote of an attribute
 * value; whitespace may include line endings.
 */
export function openTagEnd(s: string, pos: number, nextQuote: (quote: string, from: number) => number, limit: number): number {
  const tag = tagName(s, pos);
  if (!tag || tag.closing) return -1;
  let i = tag.end;
  const ws = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";
  for (;;) {
    if (i > limit) return -2;
    const before = i;
    while (ws(s[i])) i++;
    if (s[i] === ">") return i + 1;
    if (s[i] === "/" && s[i + 1] === ">") return i + 2;
    const c = s[i];
    if (i === before || !(isLetter(c) || c === "_" || c === ":")) return -1;
    while (isLetter(s[i]) || isDigit(s[i]) || s[i] === "_" || s[i] === "." || s[i] === ":" || s[i] === "-") i++;
    let j = i;
    while (ws(s[j])) j++;
    if (s[j] !== "=") continue;
    j++;
    while (ws(s[j])) j++;
    const q = s[j];
    if (q === '"' || q === "'") {
      const close = nextQuote(q, j + 1);
      const found = close >= 0 ? close : s.indexOf(q, j + 1);
      if (found < 0) return -1;
      i = found + 1;
    } else {
      const start = j;
      while (j < s.length && !ws(s[j]) && !'"\'=<>`'.includes(s[j] as string)) j++;
      if (j === start) return -1;
      i = j;
    }
  }
}

/** Counts opening and closing hiding elements on a line of an HTML block. */
export function hidingDepthDelta(line: string): number {
  let delta = 0;
  for (let i = line.indexOf("<"); i >= 0; i = line.indexOf("<", i + 1)) {
    const tag = tagName(line, i);
    if (tag && HIDING_ELEMENTS.has(tag.name)) delta += tag.closing ? -1 : 1;
  }
  return delta;
}

/** Number of digits at `pos`. */
export function countDigits(line: string, pos: number): number {
  let i = pos;
  while (isDigit(line[i])) i++;
  return i - pos;
}

/** Whether `line` at `pos` closes a fence opened by `length` times `char` (https://spec.commonmark.org/0.31.2/#fenced-code-blocks). */
export function closesFence(line: string, pos: number, fence: { char: string; length: number }): boolean {
  const run = runLength(line, pos, fence.char);
  return line[pos] === fence.char && run >= fence.length && isBlank(line, pos + run);
}

/**
 * A list item marker at `pos` (https://spec.commonmark.org/0.31.2/#list-items): `-`, `+`, `*` or up to
 * nine digits and `.` or `)`, followed by a space or the end of the line. `ordinal` is -1 for bullets.
 */
export function listMarker(line: string, pos: number, c: string | undefined): { markerEnd: number; ordinal: number } | null {
  if ((c === "-" || c === "+" || c === "*") && (pos + 1 === line.length || isSpace(line[pos + 1]))) return { markerEnd: pos + 1, ordinal: -1 };
  if (!isDigit(c)) return null;
  const digits = countDigits(line, pos);
  const d = line[pos + digits];
  if (digits <= 9 && (d === "." || d === ")") && (pos + digits + 1 === line.length || isSpace(line[pos + digits + 1]))) {
    return { markerEnd: pos + digits + 1, ordinal: Number(line.slice(pos, pos + digits)) };
  }
  return null;
}
