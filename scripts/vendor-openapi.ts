/**
 * Extracts the operations the local GitHub simulator serves (sim/routes.ts) from GitHub's OpenAPI
 * description into sim/openapi/subset.json: parameters and request-body schemas only, with `$ref`s
 * inlined and prose dropped, so the simulator can validate the app's requests without the 300+ MB
 * package being a dependency.
 *
 *   npm install --prefix /tmp/openapi @octokit/openapi
 *   npx tsx scripts/vendor-openapi.ts /tmp/openapi/node_modules/@octokit/openapi
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { VendoredOperation } from "../sim/openapi.js";
import { ROUTES } from "../sim/routes.js";

const packageDir = process.argv[2] ?? "/tmp/openapi/node_modules/@octokit/openapi";
const spec = JSON.parse(readFileSync(join(packageDir, "generated/api.github.com.json"), "utf8"));
const version = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")).version as string;

/** Keys that explain rather than constrain; dropped to keep the subset small. */
const PROSE = new Set(["description", "summary", "examples", "example", "externalDocs", "title", "x-github", "x-githubEnterpriseOverlays"]);

function resolve(node: unknown, seen: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((n) => resolve(n, seen));
  if (!node || typeof node !== "object") return node;
  const ref = (node as { $ref?: string }).$ref;
  if (ref) {
    // A schema that refers to itself is cut off at the second visit (validated as any value).
    if (seen.includes(ref)) return {};
    const target = ref.replace(/^#\//, "").split("/").reduce<Record<string, unknown> | undefined>((n, key) => n?.[key] as Record<string, unknown> | undefined, spec);
    return resolve(target, [...seen, ref]);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (PROSE.has(key) || key.startsWith("x-")) continue;
    out[key] = key === "properties" ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, resolve(v, seen)])) : resolve(value, seen);
  }
  return out;
}


const operations: VendoredOperation[] = [];
const missing: string[] = [];
for (const route of ROUTES) {
  const op = spec.paths[route.path]?.[route.method.toLowerCase()];
  if (!op) {
    missing.push(`${route.method} ${route.path}`);
    continue;
  }
  const parameters = [...(spec.paths[route.path].parameters ?? []), ...(op.parameters ?? [])].map((p: unknown) => resolve(p) as { name: string; in: string; required?: boolean; schema: unknown });
  const body = op.requestBody ? (resolve(op.requestBody) as { required?: boolean; content?: Record<string, { schema: unknown }> }) : null;
  const json = body?.content?.["application/json"];
  operations.push({
    method: route.method,
    path: route.path,
    operationId: op.operationId,
    parameters: parameters.map((p) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema })),
    requestBody: json ? { required: !!body?.required, schema: json.schema } : null,
  });
}

if (missing.length > 0) {
  console.error(`Not in GitHub's OpenAPI description (fix sim/routes.ts):\n  ${missing.join("\n  ")}`);
  process.exit(1);
}

mkdirSync("sim/openapi", { recursive: true });
const out = { source: `@octokit/openapi@${version} generated/api.github.com.json`, generatedBy: "scripts/vendor-openapi.ts", operations };
writeFileSync("sim/openapi/subset.json", `${JSON.stringify(out, null, 1)}\n`);
console.log(`sim/openapi/subset.json: ${operations.length} operations from @octokit/openapi@${version}`);
