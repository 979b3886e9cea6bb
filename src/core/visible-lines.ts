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
 *
 * The block pass is `visible-lines/block-scan.ts`, `visible-lines/inline-scan.ts` the inline pass over a paragraph and
 * `visible-lines/syntax.ts` the line-level syntax tests both use.
 */

import { BlockScan } from "./visible-lines/block-scan.js";

/** GitHub refuses comments longer than this; a longer body did not come from GitHub and is not read. */
export const MAX_BODY_CHARS = 65_536;

export interface VisibleLine {
  /** 1-based line number in the body. */
  line: number;
  /** The line's visible text, trimmed; cut where a hidden inline construct starts. */
  text: string;
}

/**
 * The lines a reader sees as plain paragraph text at the top level of `body`, with their visible text.
 * Lines inside block quotes, list items, code blocks, HTML blocks, headings, tables and hiding elements
 * (`<details>` …) are not returned. Never throws; linear in the length of the body.
 */
export function visibleTopLevelLines(body: string | null | undefined, limit = Number.MAX_SAFE_INTEGER): VisibleLine[] {
  if (!body || body.length > MAX_BODY_CHARS) return [];
  return new BlockScan(body, limit).scan();
}
