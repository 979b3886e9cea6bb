/**
 * What a security review was decided on, remembered in the check run it wrote, so the sweep can
 * tell a pull request that changed since (a lost `edited`, `labeled` or `pull_request_review`
 * event) from one that did not, without re-running the review. Pure.
 */
import { createHash } from "node:crypto";
import { renderMarker, parseMarkers } from "../marker.js";
import { latestDecisiveReviews, type ReviewSummary } from "./review-gate.js";

/** The parts of a pull request a review reads besides its files (which the head commit fixes). */
export interface ReviewMetadata {
  title: string;
  body: string;
  labels: readonly string[];
  draft: boolean;
}

export interface ReviewInputsKey {
  /** Title, body, labels and draft state. */
  meta: string;
  /** The latest decisive review of each reviewer; null when the review did not look at reviews. */
  reviews: string | null;
}

const KIND = "review-inputs";

function digest(parts: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(parts), "utf8").digest("hex").slice(0, 16);
}

export function metadataKey(pull: ReviewMetadata): string {
  return digest([pull.title, pull.body, pull.draft ? "draft" : "ready", ...[...new Set(pull.labels)].sort()]);
}

/** Comments (`COMMENTED`) do not move the gate, so they do not change the key either. */
export function reviewsKey(reviews: readonly ReviewSummary[]): string {
  const latest = [...latestDecisiveReviews(reviews).values()].map((r) => `${r.userId}:${r.state.toUpperCase()}:${r.commitId ?? ""}`);
  return digest(latest.sort());
}

/** A hidden line for the check run's summary (HTML comments do not show in the rendered output). */
export function renderInputsMarker(key: ReviewInputsKey): string {
  return renderMarker(KIND, `${key.meta}.${key.reviews ?? "none"}`);
}

export function parseInputsMarker(summary: string | null | undefined): ReviewInputsKey | null {
  const marker = parseMarkers(summary).find((m) => m.kind === KIND);
  const match = marker && /^([0-9a-f]{16})\.([0-9a-f]{16}|none)$/.exec(marker.key);
  if (!match) return null;
  return { meta: match[1] as string, reviews: match[2] === "none" ? null : (match[2] as string) };
}
