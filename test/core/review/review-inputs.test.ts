import fc from "fast-check";
import { metadataKey, parseInputsMarker, renderInputsMarker, reviewsKey } from "../../../src/core/review/review-inputs.js";

const pull = { title: "Escape the banner", body: "Fixes the banner.", labels: ["security-review", "bug"], draft: false };
const approval = { userId: 7, state: "APPROVED", commitId: "abc", submittedAt: "2026-11-25T10:00:00Z" };

describe("review inputs remembered in the check run", () => {
  it("keys the same pull request the same way whatever the order of its labels", () => {
    expect(metadataKey({ ...pull, labels: ["bug", "security-review", "bug"] })).toBe(metadataKey(pull));
  });

  it.each([
    ["title", { title: "Escape the banner!" }],
    ["body", { body: "" }],
    ["labels", { labels: ["bug"] }],
    ["draft state", { draft: true }],
  ])("changes the key when the %s changes", (_what, change) => {
    expect(metadataKey({ ...pull, ...change })).not.toBe(metadataKey(pull));
  });

  it("ignores comments and earlier verdicts that a later one replaced", () => {
    const comment = { userId: 8, state: "COMMENTED", commitId: "abc", submittedAt: "2026-11-25T11:00:00Z" };
    const earlier = { userId: 7, state: "CHANGES_REQUESTED", commitId: "old", submittedAt: "2026-11-24T10:00:00Z" };
    expect(reviewsKey([approval, comment])).toBe(reviewsKey([approval]));
    expect(reviewsKey([earlier, approval])).toBe(reviewsKey([approval]));
    expect(reviewsKey([approval])).not.toBe(reviewsKey([]));
    expect(reviewsKey([{ ...approval, state: "DISMISSED" }])).not.toBe(reviewsKey([approval]));
    expect(reviewsKey([{ ...approval, commitId: "def" }])).not.toBe(reviewsKey([approval]));
  });

  it("reads back what it wrote, with or without reviews, from anywhere in a summary", () => {
    const key = { meta: metadataKey(pull), reviews: reviewsKey([approval]) };
    expect(parseInputsMarker(`Waiting for review.\n\n${renderInputsMarker(key)}`)).toEqual(key);
    expect(parseInputsMarker(renderInputsMarker({ ...key, reviews: null }))).toEqual({ ...key, reviews: null });
  });

  it("never throws on a summary someone else wrote, and finds nothing in it", () => {
    fc.assert(fc.property(fc.string(), (text) => parseInputsMarker(text.replace(/secwg:review-inputs/g, "")) === null));
    expect(parseInputsMarker(null)).toBeNull();
    expect(parseInputsMarker("<!-- secwg:review-inputs:nothex.none -->")).toBeNull();
  });
});
