/**
 * The inline pass over one top-level paragraph: which of its line starts a reader sees as text, and
 * where a hidden inline construct (HTML comment or tag, code span, link destination or title, image)
 * cuts a visible line. Linear: lookups jump with precomputed "next occurrence" tables.
 */

import { closingTagEnd, HIDING_ELEMENTS, isLetter, isSpace, openTagEnd, runLength, tagName } from "./syntax.js";

/** Longest an open tag may be before the rest of the paragraph is taken as hidden. */
const MAX_TAG_CHARS = 4_096;

/** A line of a paragraph that may be visible. */
export interface Candidate {
  line: number;
  /** Where the line's text starts and ends in the body. */
  offset: number;
  end: number;
  visible?: boolean;
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

/** Backslash escapes (https://spec.commonmark.org/0.31.2/#backslash-escapes): escaped[i] when an odd run of `\` precedes i. */
function escapedPositions(text: string): Uint8Array {
  const escaped = new Uint8Array(text.length);
  for (let i = 0, run = 0; i < text.length; i++) {
    escaped[i] = run % 2;
    run = text[i] === "\\" ? run + 1 : 0;
  }
  return escaped;
}

/**
 * Backtick runs (https://spec.commonmark.org/0.31.2/#code-spans) and, for each, the next run of the
 * same length and of one less (the opener when its first backtick is escaped).
 */
class BacktickRuns {
  readonly start: number[] = [];
  readonly len: number[] = [];
  readonly index: Map<number, number>;
  readonly nextSame: Int32Array;
  readonly nextShorter: Int32Array;

  constructor(text: string) {
    for (let i = 0; i < text.length; ) {
      if (text[i] === "`") {
        const len = runLength(text, i, "`");
        this.start.push(i);
        this.len.push(len);
        i += len;
      } else i++;
    }
    this.index = new Map<number, number>(this.start.map((s, k) => [s, k]));
    this.nextSame = new Int32Array(this.start.length).fill(-1);
    this.nextShorter = new Int32Array(this.start.length).fill(-1);
    const lastOfLen = new Map<number, number>();
    for (let k = this.start.length - 1; k >= 0; k--) {
      const len = this.len[k] as number;
      this.nextSame[k] = lastOfLen.get(len) ?? -1;
      this.nextShorter[k] = lastOfLen.get(len - 1) ?? -1;
      lastOfLen.set(len, k);
    }
  }

  /** Where the code span or backtick run at `i` ends. */
  skip(i: number): number {
    const atRun = this.index.get(i);
    const opener = atRun ?? this.index.get(i - 1);
    const len = atRun !== undefined ? (this.len[atRun] as number) : opener !== undefined ? (this.len[opener] as number) - 1 : 1;
    const closer = opener === undefined ? -1 : atRun !== undefined ? (this.nextSame[opener] as number) : (this.nextShorter[opener] as number);
    return closer >= 0 ? (this.start[closer] as number) + (this.len[closer] as number) : i + Math.max(1, len);
  }
}

class InlineScan {
  private readonly n: number;
  private readonly escaped: Uint8Array;
  private readonly runs: BacktickRuns;
  private quoteTables: { d: Int32Array; s: Int32Array } | null = null;
  private titleTables: Record<string, Int32Array> | null = null;
  private k = 0;
  private last: Candidate | null = null;
  /** Set once something hides the rest of the paragraph (an image, an over-long tag, an unclosed title). */
  private restHidden = false;
  private commentSearchExhausted = false;

  constructor(
    private readonly text: string,
    private readonly base: number,
    private readonly candidates: Candidate[],
    public depth: number,
  ) {
    this.n = text.length;
    this.escaped = escapedPositions(text);
    this.runs = new BacktickRuns(text);
  }

  run(): number {
    let i = 0;
    while (i < this.n) {
      this.settle(i);
      i = this.step(i);
    }
    this.settle(this.n);
    return this.depth;
  }

  /** Reads the construct at `i`; returns where the next one may start. */
  private step(i: number): number {
    const { text } = this;
    const c = text[i];
    if (c === "\\" && i + 1 < this.n && text[i + 1] !== "\n") return i + 2;
    if (c === "`") return this.runs.skip(i);
    if (c === "<") return this.angle(i);
    if (c === "!" && text[i + 1] === "[") {
      // An image's description is its alt text, not shown as text: the rest of the paragraph is not read.
      this.hideRest(i);
      return i + 2;
    }
    if (c === "]" && text[i + 1] === "(") return this.linkTail(i);
    return i + 1;
  }

  private nextRawQuote = (q: string, from: number): number => {
    this.quoteTables ??= { d: nextTable(this.text, '"', false, null), s: nextTable(this.text, "'", false, null) };
    return (q === '"' ? this.quoteTables.d : this.quoteTables.s)[from] ?? -1;
  };

  private nextTitleCloser(c: string, from: number): number {
    const { text, escaped } = this;
    this.titleTables ??= { '"': nextTable(text, '"', true, escaped), "'": nextTable(text, "'", true, escaped), ")": nextTable(text, ")", true, escaped) };
    return this.titleTables[c]?.[from] ?? -1;
  }

  private settle(upTo: number): void {
    const { candidates, base } = this;
    while (this.k < candidates.length && (candidates[this.k] as Candidate).offset - base <= upTo) {
      const c = candidates[this.k] as Candidate;
      c.visible = !this.restHidden && c.offset - base === upTo && this.depth === 0;
      if (c.visible) this.last = c;
      this.k++;
    }
  }

  private hideFrom(at: number): void {
    const { last, base } = this;
    if (last && last.offset - base <= at && at < last.end - base) last.end = base + at;
  }

  private hideRest(at: number): void {
    this.hideFrom(at);
    this.restHidden = true;
  }

  /** `<`: an HTML comment, processing instruction, declaration, CDATA section or tag. */
  private angle(i: number): number {
    const { text } = this;
    if (text.startsWith("<!--", i)) {
      // An HTML comment, up to the first `-->` (https://spec.commonmark.org/0.31.2/#html-comment).
      const close = this.commentSearchExhausted ? -1 : text.indexOf("-->", i + 2);
      if (close >= 0) {
        this.hideFrom(i);
        return close + 3;
      }
      this.commentSearchExhausted = true;
      return i + 1;
    }
    const closer = text.startsWith("<![CDATA[", i) ? "]]>" : text[i + 1] === "?" ? "?>" : text[i + 1] === "!" && isLetter(text[i + 2]) ? ">" : null;
    if (closer) {
      const close = text.indexOf(closer, i + 2);
      if (close < 0) return i + 1;
      this.hideFrom(i);
      return close + closer.length;
    }
    return this.tag(i);
  }

  private tag(i: number): number {
    const { text } = this;
    const tag = tagName(text, i);
    if (!tag) return i + 1;
    const end = tag.closing ? closingTagEnd(text, tag.end) : openTagEnd(text, i, this.nextRawQuote, i + MAX_TAG_CHARS);
    if (end === -2) {
      this.hideRest(i);
      return i + 1;
    }
    if (end <= 0) return i + 1;
    if (HIDING_ELEMENTS.has(tag.name) && !text.startsWith("/>", end - 2)) this.depth = Math.max(0, this.depth + (tag.closing ? -1 : 1));
    // What follows an opened hiding element is not shown.
    if (this.depth > 0) this.hideFrom(i);
    return end;
  }

  /** `](`: a link's destination and title are not shown (https://spec.commonmark.org/0.31.2/#links). */
  private linkTail(i: number): number {
    const { text, n } = this;
    let j = i + 2;
    while (j < n && !isSpace(text[j]) && text[j] !== "\n" && text[j] !== "\r") j++;
    let t = j;
    while (t < n && (isSpace(text[t]) || text[t] === "\n" || text[t] === "\r")) t++;
    const opener = text[t];
    this.hideFrom(i);
    if (opener !== '"' && opener !== "'" && opener !== "(") return j;
    const close = this.nextTitleCloser(opener === "(" ? ")" : opener, t + 1);
    if (close >= 0) return close + 1;
    this.hideRest(i);
    return t + 1;
  }
}

/**
 * The inline pass over one top-level paragraph (`text`, at `base` in the body): marks which candidate
 * line starts are visible and cuts each visible candidate where a hidden construct starts on its line.
 * `depth` is the number of open hiding elements (`<details>` …) before the paragraph; returns the number
 * after it. The whole paragraph is always scanned, so hiding elements opened after the last candidate count.
 */
export function scanParagraph(text: string, base: number, candidates: Candidate[], depth: number): number {
  return new InlineScan(text, base, candidates, depth).run();
}
