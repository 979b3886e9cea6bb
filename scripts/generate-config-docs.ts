/** Writes schema/secwg.schema.json and docs/configuration.md from the zod schema. `npm run generate`. */
import { mkdirSync, writeFileSync } from "node:fs";
import { renderConfigurationDoc, renderJsonSchema } from "../src/config/docs.js";

mkdirSync("schema", { recursive: true });
writeFileSync("schema/secwg.schema.json", renderJsonSchema());
writeFileSync("docs/configuration.md", renderConfigurationDoc());
console.log("wrote schema/secwg.schema.json and docs/configuration.md");
