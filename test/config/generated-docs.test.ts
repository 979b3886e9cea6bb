import { readFileSync } from "node:fs";
import { renderConfigurationDoc, renderJsonSchema } from "../../src/config/docs.js";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("generated configuration reference", () => {
  it("schema/secwg.schema.json matches the zod schema (run `npm run generate` after changing it)", () => {
    expect(read("schema/secwg.schema.json")).toBe(renderJsonSchema());
  });

  it("docs/configuration.md matches the zod schema (run `npm run generate` after changing it)", () => {
    expect(read("docs/configuration.md")).toBe(renderConfigurationDoc());
  });

  it("documents every section's keys with their defaults", () => {
    const doc = renderConfigurationDoc();
    expect(doc).toContain("| `review.reviewers.count` | integer 1–5 | `1` |");
    expect(doc).toContain("| `group.roster` | string | `\"MEMBERS.yml\"` |");
  });
});
