/**
 * The block pass of the visible-lines scanner (https://spec.commonmark.org/0.31.2/#blocks-and-inlines,
 * plus GFM tables): one line at a time, which containers (block quotes, list items) it continues or
 * opens and which leaf block (paragraph, code, HTML, heading, table) it belongs to. Top-level
 * paragraphs go to the inline pass (`inline-scan.ts`).
 */

import type { VisibleLine } from "../visible-lines.js";
import { TopLevelParagraphs } from "./paragraphs.js";
import { closesFence, hidingDepthDelta, htmlBlockStart, isBlank, isSpace, isTableDelimiterRow, isThematicBreak, listMarker, runLength, skipIndent, type Leaf } from "./syntax.js";

/** Containers nested deeper than this are read as text of the deepest one (never top level). */
const MAX_CONTAINER_DEPTH = 32;

type Container = { kind: "quote" } | { kind: "item"; indent: number; hasContent: boolean };


type Position = { pos: number; col: number };

/** The block pass: one line at a time, the open containers and the current leaf block. */
export class BlockScan {
  private readonly stack: Container[] = [];
  private leaf: Leaf = { kind: "none" };
  private hidingDepth = 0;
  // The line being read.
  private lineNo = 0;
  private line = "";
  private lineStart = 0;
  private blank = false;
  private pos = 0;
  private col = 0;
  private matched = 0;
  private allMatched = false;
  private opened = 0;
  private leafStarted = false;

  private readonly paragraphs: TopLevelParagraphs;

  constructor(
    private readonly body: string,
    private readonly limit: number,
  ) {
    this.paragraphs = new TopLevelParagraphs(body);
  }

  scan(): VisibleLine[] {
    const { body } = this;
    for (let start = 0; start <= body.length && this.paragraphs.out.length < this.limit; ) {
      this.lineNo++;
      let nl = body.indexOf("\n", start);
      if (nl < 0) nl = body.length;
      const lineEnd = nl > start && body[nl - 1] === "\r" ? nl - 1 : nl;
      this.line = body.slice(start, lineEnd);
      this.lineStart = start;
      start = nl + 1;
      this.blank = isBlank(this.line, 0);
      this.readLine();
    }
    if (this.paragraphs.out.length < this.limit) this.endLeaf();
    return this.paragraphs.out.slice(0, this.limit);
  }

  private readLine(): void {
    this.matchContainers();
    if (this.continuesLeaf()) return;
    this.openBlocks();
    if (this.leafStarted) {
      this.markContent();
      return;
    }
    this.textLine();
  }

  private endLeaf(): void {
    if (this.leaf.kind === "paragraph") this.hidingDepth = this.paragraphs.flush(this.hidingDepth);
    this.leaf = { kind: "none" };
  }

  private markContent(): void {
    for (const c of this.stack) if (c.kind === "item") c.hasContent = true;
  }

  /** 1. Which open containers does the line continue? */
  private matchContainers(): void {
    const { line, stack } = this;
    this.pos = 0;
    this.col = 0;
    this.matched = 0;
    for (; this.matched < stack.length; this.matched++) {
      const container = stack[this.matched] as Container;
      if (container.kind === "item" && this.blank) {
        if (!container.hasContent) break;
        this.pos = line.length;
        continue;
      }
      const s = skipIndent(line, this.pos, this.col);
      if (container.kind === "quote") {
        if (s.col - this.col > 3 || line[s.pos] !== ">") break;
        this.pos = s.pos + 1;
        this.col = s.col + 1;
        this.skipOneSpace();
      } else {
        if (s.col - this.col < container.indent) break;
        const target = this.col + container.indent;
        while (this.col < target && isSpace(line[this.pos])) this.advanceOneColumn();
      }
    }
    this.allMatched = this.matched === stack.length;
  }

  private advanceOneColumn(): void {
    this.col = this.line[this.pos] === "\t" ? this.col + 4 - (this.col % 4) : this.col + 1;
    this.pos++;
  }

  private skipOneSpace(): void {
    if (isSpace(this.line[this.pos])) {
      this.col++;
      this.pos++;
    }
  }

  /** 2. A line inside an open code block or HTML block of the innermost container: true when it was consumed. */
  private continuesLeaf(): boolean {
    const { line, leaf: current } = this;
    if (!this.allMatched) return false;
    if (current.kind === "fence") {
      const s = skipIndent(line, this.pos, this.col);
      if (s.col - this.col <= 3 && closesFence(line, s.pos, current)) this.leaf = { kind: "none" };
      return true;
    }
    if (current.kind === "html") {
      if ("blank" in current.end && this.blank) {
        this.leaf = { kind: "none" };
        return true;
      }
      this.hidingDepth = Math.max(0, this.hidingDepth + hidingDepthDelta(line));
      if ("marker" in current.end && current.end.marker.test(line)) this.leaf = { kind: "none" };
      return true;
    }
    if (current.kind === "indented") {
      const s = skipIndent(line, this.pos, this.col);
      if (this.blank || s.col - this.col >= 4) return true;
    }
    return false;
  }

  private tipIsParagraph(): boolean {
    return this.opened === 0 && this.leaf.kind === "paragraph";
  }

  private containerIsParagraph(): boolean {
    return this.tipIsParagraph() && this.allMatched && !this.blank;
  }

  private openContainer(c: Container): void {
    if (this.opened === 0) {
      this.endLeaf();
      this.stack.length = this.matched;
    }
    this.stack.push(c);
    this.opened++;
  }

  private startLeaf(next: Leaf): void {
    const setext = next.kind === "none" && this.containerIsParagraph();
    if (this.opened === 0) {
      if (setext) this.paragraphs.becameHeading();
      this.endLeaf();
      this.stack.length = this.matched;
    }
    this.leaf = next;
    this.leafStarted = true;
  }

  /** 3. New containers and leaf block starts. */
  private openBlocks(): void {
    this.opened = 0;
    this.leafStarted = false;
    const { line } = this;
    while (!this.blank) {
      const s = skipIndent(line, this.pos, this.col);
      const indent = s.col - this.col;
      const c = line[s.pos];
      if (indent >= 4) {
        if (!this.tipIsParagraph()) this.startLeaf({ kind: "indented" });
        return;
      }
      if (c === ">" && this.stack.length < MAX_CONTAINER_DEPTH) {
        this.openContainer({ kind: "quote" });
        this.pos = s.pos + 1;
        this.col = s.col + 1;
        this.skipOneSpace();
        continue;
      }
      if (this.startsLeafBlock(s, c)) return;
      if (!this.opensListItem(s, indent, c)) return;
    }
  }

  /** A heading, fence, HTML block, setext underline, table or thematic break at `s`: true when one started. */
  private startsLeafBlock(s: Position, c: string | undefined): boolean {
    const { line } = this;
    if (c === "#") {
      const hashes = runLength(line, s.pos, "#");
      if (hashes <= 6 && (s.pos + hashes === line.length || isSpace(line[s.pos + hashes]))) return this.started({ kind: "none" });
    }
    if (c === "`" || c === "~") {
      const len = runLength(line, s.pos, c);
      if (len >= 3 && !(c === "`" && line.indexOf("`", s.pos + len) >= 0)) return this.started({ kind: "fence", char: c, length: len });
    }
    if (c === "<") {
      const html = htmlBlockStart(line, s.pos, !this.tipIsParagraph());
      if (html) {
        this.startLeaf({ kind: "html", end: html });
        this.hidingDepth = Math.max(0, this.hidingDepth + hidingDepthDelta(line.slice(s.pos)));
        if ("marker" in html && html.marker.test(line.slice(s.pos))) this.leaf = { kind: "none" };
        return true;
      }
    }
    if (this.containerIsParagraph() && (c === "=" || c === "-") && isBlank(line, s.pos + runLength(line, s.pos, c))) return this.started({ kind: "none" });
    if (this.containerIsParagraph() && isTableDelimiterRow(line, s.pos)) {
      this.startTable();
      return true;
    }
    if (isThematicBreak(line, s.pos)) return this.started({ kind: "none" });
    return false;
  }

  private started(next: Leaf): true {
    this.startLeaf(next);
    return true;
  }

  /** A GFM table: the paragraph's last line is the table's header row. */
  private startTable(): void {
    this.paragraphs.endBeforeTableHeader(this.lineNo - 1, this.lineStart);
    this.hidingDepth = this.paragraphs.flush(this.hidingDepth);
    this.leaf = { kind: "table" };
    this.leafStarted = true;
  }

  /** List items (https://spec.commonmark.org/0.31.2/#list-items): true when one was opened. */
  private opensListItem(s: Position, indent: number, c: string | undefined): boolean {
    const { line } = this;
    const marker = listMarker(line, s.pos, c);
    if (!marker || this.stack.length >= MAX_CONTAINER_DEPTH) return false;
    const { markerEnd, ordinal } = marker;
    const emptyItem = isBlank(line, markerEnd);
    if (this.containerIsParagraph() && (emptyItem || (ordinal >= 0 && ordinal !== 1))) return false;
    const markerCol = s.col + (markerEnd - s.pos);
    const after = skipIndent(line, markerEnd, markerCol);
    const wide = emptyItem || after.col - markerCol >= 5;
    this.openContainer({ kind: "item", indent: indent + (markerEnd - s.pos) + (wide ? 1 : after.col - markerCol), hasContent: !emptyItem });
    if (wide) {
      this.pos = markerEnd;
      this.col = markerCol;
      if (isSpace(line[this.pos])) this.advanceOneColumn();
    } else {
      this.pos = after.pos;
      this.col = after.col;
    }
    return true;
  }

  /** 4. and 5.: lazy continuation lines, blank lines, paragraph text. */
  private textLine(): void {
    // A lazy continuation line of a paragraph in a container that the line did not continue.
    if (this.opened === 0 && !this.allMatched && !this.blank && this.leaf.kind === "paragraph") return;
    // Blank lines end paragraphs and tables; other lines are paragraph text.
    if (this.opened === 0 && !this.allMatched) {
      this.endLeaf();
      this.stack.length = this.matched;
    }
    if (this.blank) {
      if (this.leaf.kind === "paragraph" || this.leaf.kind === "table") this.endLeaf();
      return;
    }
    this.markContent();
    if (this.leaf.kind === "table") return;
    const { line, lineStart } = this;
    const textStart = lineStart + skipIndent(line, this.pos, this.col).pos;
    if (this.leaf.kind !== "paragraph") {
      this.endLeaf();
      this.leaf = { kind: "paragraph" };
      this.paragraphs.open(this.stack.length === 0, textStart, lineStart + line.length);
    }
    this.paragraphs.addLine(this.lineNo, textStart, lineStart + line.length);
  }
}

