/**
 * The top-level paragraph being collected by the block pass, and the visible lines found in the
 * paragraphs it has finished. A paragraph inside a container is not collected (never top level).
 */

import type { VisibleLine } from "../visible-lines.js";
import { scanParagraph, type Candidate } from "./inline-scan.js";

interface Paragraph {
  start: number;
  end: number;
  candidates: Candidate[];
}

export class TopLevelParagraphs {
  readonly out: VisibleLine[] = [];
  private current: Paragraph | null = null;

  constructor(private readonly body: string) {}

  /** A new paragraph's first line, at `textStart`; collected only when `topLevel`. */
  open(topLevel: boolean, textStart: number, end: number): void {
    this.current = topLevel ? { start: textStart, end, candidates: [] } : null;
  }

  /** A line of the open paragraph, if it is collected. */
  addLine(line: number, textStart: number, end: number): void {
    if (!this.current) return;
    this.current.end = end;
    this.current.candidates.push({ line, offset: textStart, end });
  }

  /** A setext underline: the paragraph was a heading's text all along. */
  becameHeading(): void {
    if (this.current) this.current.candidates = [];
  }

  /** A GFM table delimiter row: the paragraph's last line (`headerLine`) is the table's header row. */
  endBeforeTableHeader(headerLine: number, headerStart: number): void {
    if (!this.current) return;
    const header = this.current.candidates[this.current.candidates.length - 1];
    if (header && header.line === headerLine) this.current.candidates.pop();
    this.current.end = headerStart - 1;
  }

  /**
   * Ends the paragraph: the inline pass marks its visible lines. `hidingDepth` is the number of open
   * hiding elements before it; returns the number after it.
   */
  flush(hidingDepth: number): number {
    if (!this.current) return hidingDepth;
    const p = this.current;
    this.current = null;
    const text = this.body.slice(p.start, p.end);
    if (p.candidates.length === 0 && !text.includes("<")) return hidingDepth;
    const depth = scanParagraph(text, p.start, p.candidates, hidingDepth);
    // Link reference definitions (https://spec.commonmark.org/0.31.2/#link-reference-definitions) are not
    // shown, and their labels and titles span lines: a paragraph that may start with one is not read.
    if (text.startsWith("[") && text.includes("]:")) return depth;
    for (const c of p.candidates) if (c.visible) this.out.push({ line: c.line, text: this.body.slice(c.offset, c.end).trim() });
    return depth;
  }
}
