/**
 * Which lines of a GitHub comment a reader sees as lines of plain text at the top level.
 *
 * A hand-written scanner of CommonMark's block structure (https://spec.commonmark.org/0.31.2/#blocks-and-inlines,
 * plus GFM tables) that classifies each line without building a tree and without inline parsing, except
 * for the few inline constructs that can hide a whole line inside a paragraph (HTML comments and tags,
 * code spans, link titles, images). Every step is linear: each line is looked at a bounded number of
 * times (the container stack is capped), and the inline pass over a paragraph jumps with precomputed
 * "next occurrence" tables instead of searching again.
 *
 * Where this scanner and GitHub's renderer could disagree, it errs towards "hidden": a command it does
 * not see is only a command its author has to write again on its own line, while a command it saw that a
 * reader could not would be acted on behind the reader's back.
 */

/** GitHub refuses comments longer than this; a longer body did not come from GitHub and is not read. */
export const MAX_BODY_CHARS = 65_536;
/** Containers nested deeper than this are read as text of the deepest one (never top level). */
const MAX_CONTAINER_DEPTH = 32;

export interface VisibleLine {
  /** 1-based line number in the body. */
  line: number;
  /** The line's visible text, trimmed; cut where a hidden inline construct starts. */
  text: string;
}

type Container = { kind: "quote" } | { kind: "item"; indent: number; hasContent: boolean };

/** How an HTML block ends (https://spec.commonmark.org/0.31.2/#html-blocks): a marker on a line, or a blank line. */
type HtmlEnd = { marker: RegExp } | { blank: true };

type Leaf =
  | { kind: "none" }
  | { kind: "paragraph" }
  | { kind: "table" }
  | { kind: "indented" }
  | { kind: "fence"; char: string; length: number }
  | { kind: "html"; end: HtmlEnd };

interface Paragraph {
  start: number;
  end: number;
  candidates: Candidate[];
}

/** Elements whose content a reader does not see (collapsed, removed by GitHub's sanitiser, or not rendered as text). */
const HIDING_ELEMENTS = new Set(["details", "script", "style", "textarea", "template", "noscript", "iframe", "object", "select", "title", "xmp", "noembed", "noframes", "plaintext", "svg", "math"]);

const HTML_BLOCK_6 = new Set(
  "address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td tfoot th thead title tr track ul".split(
    " ",
  ),
);

const isSpace = (c: string | undefined) => c === " " || c === "\t";
const isBlank = (s: string, from: number) => {
  for (let i = from; i < s.length; i++) if (!isSpace(s[i])) return false;
  return true;
};
const isLetter = (c: string | undefined) => c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"));
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/** Leading spaces and tabs from `pos` (tabs to the next multiple of 4). */
function skipIndent(line: string, pos: number, col: number): { pos: number; col: number } {
  while (pos < line.length) {
    if (line[pos] === " ") col++;
    else if (line[pos] === "\t") col += 4 - (col % 4);
    else break;
    pos++;
  }
  return { pos, col };
}

/** Length of the run of `ch` at `pos`. */
function runLength(s: string, pos: number, ch: string): number {
  let i = pos;
  while (s[i] === ch) i++;
  return i - pos;
}

/** `***`, `---`, `___` with optional spaces (https://spec.commonmark.org/0.31.2/#thematic-breaks). */
function isThematicBreak(line: string, pos: number): boolean {
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
function isTableDelimiterRow(line: string, pos: number): boolean {
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
function tagName(s: string, pos: number): { name: string; closing: boolean; end: number } | null {
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
function htmlBlockStart(line: string, pos: number, allowType7: boolean): HtmlEnd | null {
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
function closingTagEnd(s: string, pos: number): number {
  const i = skipIndent(s, pos, 0).pos;
  return s[i] === ">" ? i + 1 : -1;
}

/**
 * End (exclusive) of an open tag starting at `pos` (https://spec.commonmark.org/0.31.2/#open-tag), -1 if
 * none, or -2 if the scan passed `limit`. `nextQuote(q, from)` finds the closing quote of an attribute
 * value; whitespace may include line endings.
 */
function openTagEnd(s: string, pos: number, nextQuote: (quote: string, from: number) => number, limit: number): number {
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

/** For each position, the next position at or after it holding `ch` (and not escaped, if asked); -1 if none. */
function nextTable(s: string, chars: string, unescapedOnly: boolean, escaped: Uint8Array | null): Int32Array {
  const table = new Int32Array(s.length + 1).fill(-1);
  let next = -1;
  for (let i = s.length - 1; i >= 0; i--) {
    if (chars.includes(s[i] as string) && !(unescapedOnly && escaped?.[i])) next = i;
    table[i] = next;
  }
  return table;
}

/** Longest an open tag may be before the rest of the paragraph is taken as hidden. */
const MAX_TAG_CHARS = 4_096;

interface Candidate {
  line: number;
  /** Where the line's text starts and ends in the body. */
  offset: number;
  end: number;
  visible?: boolean;
}

/**
 * The inline pass over one top-level paragraph (`text`, at `base` in the body): marks which candidate
 * line starts are visible and cuts each visible candidate where a hidden construct starts on its line.
 * `depth` is the number of open hiding elements (`<details>` …) before the paragraph; returns the number
 * after it. The whole paragraph is always scanned, so hiding elements opened after the last candidate count.
 */
function scanParagraph(text: string, base: number, candidates: Candidate[], depth: number): number {
  const n = text.length;
  // Backslash escapes (https://spec.commonmark.org/0.31.2/#backslash-escapes): escaped[i] when an odd run of `\` precedes i.
  const escaped = new Uint8Array(n);
  for (let i = 0, run = 0; i < n; i++) {
    escaped[i] = run % 2;
    run = text[i] === "\\" ? run + 1 : 0;
  }
  let quoteTables: { d: Int32Array; s: Int32Array } | null = null;
  const nextRawQuote = (q: string, from: number) => {
    quoteTables ??= { d: nextTable(text, '"', false, null), s: nextTable(text, "'", false, null) };
    return (q === '"' ? quoteTables.d : quoteTables.s)[from] ?? -1;
  };
  let titleTables: Record<string, Int32Array> | null = null;
  const nextTitleCloser = (c: string, from: number) => {
    titleTables ??= { '"': nextTable(text, '"', true, escaped), "'": nextTable(text, "'", true, escaped), ")": nextTable(text, ")", true, escaped) };
    return titleTables[c]?.[from] ?? -1;
  };
  // Backtick runs (https://spec.commonmark.org/0.31.2/#code-spans) and, for each, the next run of the same
  // length and of one less (the opener when its first backtick is escaped).
  const runStart: number[] = [];
  const runLen: number[] = [];
  for (let i = 0; i < n; ) {
    if (text[i] === "`") {
      const len = runLength(text, i, "`");
      runStart.push(i);
      runLen.push(len);
      i += len;
    } else i++;
  }
  const runIndex = new Map<number, number>(runStart.map((s, k) => [s, k]));
  const nextSame = new Int32Array(runStart.length).fill(-1);
  const nextShorter = new Int32Array(runStart.length).fill(-1);
  const lastOfLen = new Map<number, number>();
  for (let k = runStart.length - 1; k >= 0; k--) {
    const len = runLen[k] as number;
    nextSame[k] = lastOfLen.get(len) ?? -1;
    nextShorter[k] = lastOfLen.get(len - 1) ?? -1;
    lastOfLen.set(len, k);
  }

  let k = 0;
  let last: Candidate | null = null;
  /** Set once something hides the rest of the paragraph (an image, an over-long tag, an unclosed title). */
  let restHidden = false;
  const settle = (upTo: number) => {
    while (k < candidates.length && (candidates[k] as Candidate).offset - base <= upTo) {
      const c = candidates[k] as Candidate;
      c.visible = !restHidden && c.offset - base === upTo && depth === 0;
      if (c.visible) last = c;
      k++;
    }
  };
  const hideFrom = (at: number) => {
    if (last && last.offset - base <= at && at < last.end - base) last.end = base + at;
  };
  const hideRest = (at: number) => {
    hideFrom(at);
    restHidden = true;
  };
  let commentSearchExhausted = false;
  let i = 0;
  while (i < n) {
    settle(i);
    const c = text[i];
    if (c === "\\" && i + 1 < n && text[i + 1] !== "\n") {
      i += 2;
      continue;
    }
    if (c === "`") {
      const atRun = runIndex.get(i);
      const opener = atRun ?? runIndex.get(i - 1);
      const len = atRun !== undefined ? (runLen[atRun] as number) : opener !== undefined ? (runLen[opener] as number) - 1 : 1;
      const closer = opener === undefined ? -1 : atRun !== undefined ? (nextSame[opener] as number) : (nextShorter[opener] as number);
      i = closer >= 0 ? (runStart[closer] as number) + (runLen[closer] as number) : i + Math.max(1, len);
      continue;
    }
    if (c === "<") {
      if (text.startsWith("<!--", i)) {
        // An HTML comment, up to the first `-->` (https://spec.commonmark.org/0.31.2/#html-comment).
        const close = commentSearchExhausted ? -1 : text.indexOf("-->", i + 2);
        if (close >= 0) {
          hideFrom(i);
          i = close + 3;
        } else {
          commentSearchExhausted = true;
          i++;
        }
        continue;
      }
      const closer = text.startsWith("<![CDATA[", i) ? "]]>" : text[i + 1] === "?" ? "?>" : text[i + 1] === "!" && isLetter(text[i + 2]) ? ">" : null;
      if (closer) {
        const close = text.indexOf(closer, i + 2);
        if (close >= 0) {
          hideFrom(i);
          i = close + closer.length;
        } else i++;
        continue;
      }
      const tag = tagName(text, i);
      if (tag) {
        const end = tag.closing ? closingTagEnd(text, tag.end) : openTagEnd(text, i, nextRawQuote, i + MAX_TAG_CHARS);
        if (end === -2) {
          hideRest(i);
          i++;
          continue;
        }
        if (end > 0) {
          if (HIDING_ELEMENTS.has(tag.name) && !text.startsWith("/>", end - 2)) depth = Math.max(0, depth + (tag.closing ? -1 : 1));
          // What follows an opened hiding element is not shown.
          if (depth > 0) hideFrom(i);
          i = end;
          continue;
        }
      }
      i++;
      continue;
    }
    if (c === "!" && text[i + 1] === "[") {
      // An image's description is its alt text, not shown as text: the rest of the paragraph is not read.
      hideRest(i);
      i += 2;
      continue;
    }
    if (c === "]" && text[i + 1] === "(") {
      // A link's destination and title are not shown (https://spec.commonmark.org/0.31.2/#links).
      let j = i + 2;
      while (j < n && !isSpace(text[j]) && text[j] !== "\n" && text[j] !== "\r") j++;
      let t = j;
      while (t < n && (isSpace(text[t]) || text[t] === "\n" || text[t] === "\r")) t++;
      const opener = text[t];
      hideFrom(i);
      if (opener === '"' || opener === "'" || opener === "(") {
        const close = nextTitleCloser(opener === "(" ? ")" : opener, t + 1);
        if (close < 0) {
          hideRest(i);
          i = t + 1;
        } else i = close + 1;
      } else i = j;
      continue;
    }
    i++;
  }
  settle(n);
  return depth;
}

/** Counts opening and closing hiding elements on a line of an HTML block. */
function hidingDepthDelta(line: string): number {
  let delta = 0;
  for (let i = line.indexOf("<"); i >= 0; i = line.indexOf("<", i + 1)) {
    const tag = tagName(line, i);
    if (tag && HIDING_ELEMENTS.has(tag.name)) delta += tag.closing ? -1 : 1;
  }
  return delta;
}

/**
 * The lines a reader sees as plain paragraph text at the top level of `body`, with their visible text.
 * Lines inside block quotes, list items, code blocks, HTML blocks, headings, tables and hiding elements
 * (`<details>` …) are not returned. Never throws; linear in the length of the body.
 */
export function visibleTopLevelLines(body: string | null | undefined, limit = Number.MAX_SAFE_INTEGER): VisibleLine[] {
  if (!body || body.length > MAX_BODY_CHARS) return [];
  const out: VisibleLine[] = [];
  const stack: Container[] = [];
  let leaf: Leaf = { kind: "none" };
  let paragraph: Paragraph | null = null;
  let hidingDepth = 0;

  const flushParagraph = () => {
    if (!paragraph) return;
    const p = paragraph;
    paragraph = null;
    const text = body.slice(p.start, p.end);
    if (p.candidates.length === 0 && !text.includes("<")) return;
    hidingDepth = scanParagraph(text, p.start, p.candidates, hidingDepth);
    // Link reference definitions (https://spec.commonmark.org/0.31.2/#link-reference-definitions) are not
    // shown, and their labels and titles span lines: a paragraph that may start with one is not read.
    if (text.startsWith("[") && text.includes("]:")) return;
    for (const c of p.candidates) if (c.visible) out.push({ line: c.line, text: body.slice(c.offset, c.end).trim() });
  };
  const endLeaf = () => {
    if (leaf.kind === "paragraph") flushParagraph();
    leaf = { kind: "none" };
  };

  let lineNo = 0;
  for (let start = 0; start <= body.length && out.length < limit; ) {
    lineNo++;
    let nl = body.indexOf("\n", start);
    if (nl < 0) nl = body.length;
    const lineEnd = nl > start && body[nl - 1] === "\r" ? nl - 1 : nl;
    const line = body.slice(start, lineEnd);
    const lineStart = start;
    start = nl + 1;
    const blank = isBlank(line, 0);

    // 1. Which open containers does the line continue?
    let pos = 0;
    let col = 0;
    let matched = 0;
    for (; matched < stack.length; matched++) {
      const container = stack[matched] as Container;
      if (container.kind === "item" && blank) {
        if (!container.hasContent) break;
        pos = line.length;
        continue;
      }
      const s = skipIndent(line, pos, col);
      if (container.kind === "quote") {
        if (s.col - col > 3 || line[s.pos] !== ">") break;
        pos = s.pos + 1;
        col = s.col + 1;
        if (isSpace(line[pos])) {
          col++;
          pos++;
        }
      } else {
        if (s.col - col < container.indent) break;
        const target = col + container.indent;
        while (col < target && isSpace(line[pos])) {
          col = line[pos] === "\t" ? col + 4 - (col % 4) : col + 1;
          pos++;
        }
      }
    }
    const allMatched = matched === stack.length;

    // 2. A line inside an open code block or HTML block of the innermost container.
    const current = leaf as Leaf;
    if (allMatched && current.kind === "fence") {
      const s = skipIndent(line, pos, col);
      if (s.col - col <= 3 && line[s.pos] === current.char && runLength(line, s.pos, current.char) >= current.length && isBlank(line, s.pos + runLength(line, s.pos, current.char))) leaf = { kind: "none" };
      continue;
    }
    if (allMatched && current.kind === "html") {
      if ("blank" in current.end && blank) {
        leaf = { kind: "none" };
        continue;
      }
      hidingDepth = Math.max(0, hidingDepth + hidingDepthDelta(line));
      if ("marker" in current.end && current.end.marker.test(line)) leaf = { kind: "none" };
      continue;
    }
    if (allMatched && current.kind === "indented") {
      const s = skipIndent(line, pos, col);
      if (blank || s.col - col >= 4) continue;
    }

    // 3. New containers and leaf block starts.
    let opened = 0;
    let leafStarted = false;
    const tipIsParagraph = () => opened === 0 && leaf.kind === "paragraph";
    const containerIsParagraph = () => tipIsParagraph() && allMatched && !blank;
    const openContainer = (c: Container) => {
      if (opened === 0) {
        endLeaf();
        stack.length = matched;
      }
      stack.push(c);
      opened++;
    };
    const startLeaf = (next: Leaf) => {
      const setext = next.kind === "none" && containerIsParagraph();
      if (opened === 0) {
        if (setext) {
          // The paragraph was a heading's text all along.
          if (paragraph) paragraph.candidates = [];
        }
        endLeaf();
        stack.length = matched;
      }
      leaf = next;
      leafStarted = true;
    };
    while (!blank) {
      const s = skipIndent(line, pos, col);
      const indent = s.col - col;
      const c = line[s.pos];
      if (indent >= 4) {
        if (!tipIsParagraph()) {
          startLeaf({ kind: "indented" });
        }
        break;
      }
      if (c === ">" && stack.length < MAX_CONTAINER_DEPTH) {
        openContainer({ kind: "quote" });
        pos = s.pos + 1;
        col = s.col + 1;
        if (isSpace(line[pos])) {
          pos++;
          col++;
        }
        continue;
      }
      if (c === "#") {
        const hashes = runLength(line, s.pos, "#");
        if (hashes <= 6 && (s.pos + hashes === line.length || isSpace(line[s.pos + hashes]))) {
          startLeaf({ kind: "none" });
          break;
        }
      }
      if (c === "`" || c === "~") {
        const len = runLength(line, s.pos, c);
        if (len >= 3 && !(c === "`" && line.indexOf("`", s.pos + len) >= 0)) {
          startLeaf({ kind: "fence", char: c, length: len });
          break;
        }
      }
      if (c === "<") {
        const html = htmlBlockStart(line, s.pos, !tipIsParagraph());
        if (html) {
          startLeaf({ kind: "html", end: html });
          hidingDepth = Math.max(0, hidingDepth + hidingDepthDelta(line.slice(s.pos)));
          if ("marker" in html && html.marker.test(line.slice(s.pos))) leaf = { kind: "none" };
          break;
        }
      }
      if (containerIsParagraph() && (c === "=" || c === "-") && isBlank(line, s.pos + runLength(line, s.pos, c))) {
        startLeaf({ kind: "none" });
        break;
      }
      if (containerIsParagraph() && isTableDelimiterRow(line, s.pos)) {
        // The paragraph's last line is the table's header row.
        if (paragraph) {
          const header = paragraph.candidates[paragraph.candidates.length - 1];
          if (header && header.line === lineNo - 1) paragraph.candidates.pop();
          paragraph.end = lineStart - 1;
        }
        flushParagraph();
        leaf = { kind: "table" };
        leafStarted = true;
        break;
      }
      if (isThematicBreak(line, s.pos)) {
        startLeaf({ kind: "none" });
        break;
      }
      // List items (https://spec.commonmark.org/0.31.2/#list-items).
      let markerEnd = -1;
      let ordinal = -1;
      if ((c === "-" || c === "+" || c === "*") && (s.pos + 1 === line.length || isSpace(line[s.pos + 1]))) markerEnd = s.pos + 1;
      else if (isDigit(c)) {
        const digits = countDigits(line, s.pos);
        const d = line[s.pos + digits];
        if (digits <= 9 && (d === "." || d === ")") && (s.pos + digits + 1 === line.length || isSpace(line[s.pos + digits + 1]))) {
          markerEnd = s.pos + digits + 1;
          ordinal = Number(line.slice(s.pos, s.pos + digits));
        }
      }
      if (markerEnd > 0 && stack.length < MAX_CONTAINER_DEPTH) {
        const emptyItem = isBlank(line, markerEnd);
        if (containerIsParagraph() && (emptyItem || (ordinal >= 0 && ordinal !== 1))) break;
        const markerCol = s.col + (markerEnd - s.pos);
        const after = skipIndent(line, markerEnd, markerCol);
        const padding = emptyItem || after.col - markerCol >= 5 ? 1 : after.col - markerCol;
        openContainer({ kind: "item", indent: indent + (markerEnd - s.pos) + padding, hasContent: !emptyItem });
        if (emptyItem || after.col - markerCol >= 5) {
          pos = markerEnd;
          col = markerCol;
          if (isSpace(line[pos])) {
            col = line[pos] === "\t" ? col + 4 - (col % 4) : col + 1;
            pos++;
          }
        } else {
          pos = after.pos;
          col = after.col;
        }
        continue;
      }
      break;
    }
    if (leafStarted) {
      markContent();
      continue;
    }

    // 4. A lazy continuation line of a paragraph in a container that the line did not continue.
    if (opened === 0 && !allMatched && !blank && leaf.kind === "paragraph") continue;

    // 5. Blank lines end paragraphs and tables; other lines are paragraph text.
    if (opened === 0 && !allMatched) {
      endLeaf();
      stack.length = matched;
    }
    if (blank) {
      if (leaf.kind === "paragraph" || leaf.kind === "table") endLeaf();
      continue;
    }
    markContent();
    if (leaf.kind === "table") continue;
    const textStart = lineStart + skipIndent(line, pos, col).pos;
    if (leaf.kind !== "paragraph") {
      endLeaf();
      leaf = { kind: "paragraph" };
      paragraph = stack.length === 0 ? { start: textStart, end: lineStart + line.length, candidates: [] } : null;
    }
    if (paragraph) {
      paragraph.end = lineStart + line.length;
      paragraph.candidates.push({ line: lineNo, offset: textStart, end: lineStart + line.length });
    }
  }
  if (out.length < limit) endLeaf();
  return out.slice(0, limit);

  function markContent() {
    for (const c of stack) if (c.kind === "item") c.hasContent = true;
  }
}

function countDigits(line: string, pos: number): number {
  let i = pos;
  while (isDigit(line[i])) i++;
  return i - pos;
}
