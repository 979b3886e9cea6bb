import { isOurs } from "../../src/core/identity.js";

describe("isOurs: secwg's own words are recognised by the app's bot id", () => {
  const self = { id: 4_000_001, login: "secwg[bot]" };

  it("accepts the app's bot account", () => {
    expect(isOurs({ id: 4_000_001 }, self)).toBe(true);
  });

  it("rejects any other bot, whatever its type or login", () => {
    expect(isOurs({ id: 41898282, login: "github-actions[bot]", type: "Bot" } as { id: number }, self)).toBe(false);
    expect(isOurs({ id: 5, login: "secwg[bot]", type: "Bot" } as { id: number }, self)).toBe(false);
  });

  it("rejects people, deleted accounts and missing authors", () => {
    expect(isOurs({ id: 1001 }, self)).toBe(false);
    expect(isOurs(null, self)).toBe(false);
    expect(isOurs(undefined, self)).toBe(false);
    expect(isOurs({ id: Number.NaN }, { id: Number.NaN, login: "x" })).toBe(false);
  });
});
