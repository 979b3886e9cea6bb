/**
 * Checks each request the app makes against GitHub's OpenAPI description (the vendored subset in
 * sim/openapi/subset.json): the method and path must be a documented operation, required
 * parameters present, no query parameter the operation does not document, and the JSON body valid
 * for the operation's schema.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** One operation of `sim/openapi/subset.json`, as `scripts/vendor-openapi.ts` writes it. */
export interface VendoredOperation {
  method: string;
  path: string;
  operationId: string;
  parameters: Array<{ name: string; in: string; required: boolean; schema: unknown }>;
  requestBody: { required: boolean; schema: unknown } | null;
}

export interface Violation {
  method: string;
  path: string;
  operationId?: string;
  problem: string;
}

interface CompiledOperation extends VendoredOperation {
  pattern: RegExp;
  names: string[];
  body?: ValidateFunction;
  query: Array<{ name: string; required: boolean; validate: ValidateFunction }>;
}

export class OpenApiValidator {
  private readonly operations: CompiledOperation[];

  constructor(file = new URL("./openapi/subset.json", import.meta.url)) {
    const subset = JSON.parse(readFileSync(file, "utf8")) as { operations: VendoredOperation[] };
    const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false });
    addFormats(ajv);
    // GitHub's own format names in its description.
    ajv.addFormat("repo.nwo", /^[^/\s]+\/[^/\s]+$/);
    const queryAjv = new Ajv({ strict: false, coerceTypes: true });
    addFormats(queryAjv);
    this.operations = subset.operations.map((op) => {
      const { pattern, names } = compilePath(op.path);
      return {
        ...op,
        pattern,
        names,
        ...(op.requestBody ? { body: ajv.compile(toJsonSchema(op.requestBody.schema) as object) } : {}),
        query: op.parameters
          .filter((p) => p.in === "query")
          .map((p) => ({ name: p.name, required: p.required, validate: queryAjv.compile({ type: "object", properties: { v: toJsonSchema(p.schema) as object } }) })),
      };
    });
  }

  /** The documented operation for `method path`, with its path parameters; null when undocumented. */
  match(method: string, path: string): { operation: CompiledOperation; params: Record<string, string> } | null {
    // Prefer the operation with the most literal segments (`/issues/comments/{id}` over `/issues/{n}/…`).
    const candidates = this.operations
      .filter((op) => op.method === method)
      .map((op) => ({ op, m: op.pattern.exec(path) }))
      .filter((c): c is { op: CompiledOperation; m: RegExpExecArray } => c.m !== null)
      .sort((a, b) => b.op.path.replace(/\{[^}]+\}/g, "").length - a.op.path.replace(/\{[^}]+\}/g, "").length);
    const best = candidates[0];
    if (!best) return null;
    const params: Record<string, string> = {};
    best.op.names.forEach((name, i) => {
      params[name] = decodeURIComponent(best.m[i + 1] ?? "");
    });
    return { operation: best.op, params };
  }

  /** Problems with the request's query and body, empty when it is valid. */
  check(operation: CompiledOperation, query: URLSearchParams, body: unknown): string[] {
    const problems: string[] = [];
    // GitHub ignores a parameter it does not document, but Octokit sends every unknown parameter of
    // a GET as a query parameter: one there is a caller passing something it did not mean to.
    const documented = new Set(operation.query.map((q) => q.name));
    for (const name of new Set(query.keys())) {
      if (!documented.has(name)) problems.push(`query parameter ${name} is not documented for this operation`);
    }
    for (const q of operation.query) {
      const value = query.get(q.name);
      if (value === null) {
        if (q.required) problems.push(`query parameter ${q.name} is required`);
        continue;
      }
      const holder = { v: value };
      if (!q.validate(holder)) problems.push(`query parameter ${q.name}=${value}: ${q.validate.errors?.[0]?.message ?? "invalid"}`);
    }
    if (operation.body) {
      if (body === undefined) {
        if (operation.requestBody?.required) problems.push("request body is required");
      } else if (!operation.body(body)) {
        for (const e of operation.body.errors ?? []) problems.push(`body${e.instancePath.replace(/\//g, ".")}: ${e.message ?? "invalid"}${e.params && "allowedValues" in e.params ? ` (${(e.params.allowedValues as unknown[]).join(", ")})` : ""}`);
      }
    } else if (body !== undefined && body !== null && Object.keys(body as object).length > 0) {
      problems.push("operation takes no request body");
    }
    return problems;
  }
}

/** OpenAPI 3.0's `nullable: true` as JSON Schema: `type: [T, "null"]` (dropped where no type is given). */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable") continue;
    out[key] = key === "enum" || key === "required" ? value : toJsonSchema(value);
  }
  const source = node as { nullable?: boolean; type?: unknown; enum?: unknown[] };
  if (source.nullable === true && typeof source.type === "string") {
    out.type = [source.type, "null"];
    if (Array.isArray(source.enum) && !source.enum.includes(null)) out.enum = [...source.enum, null];
  }
  return out;
}

function compilePath(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part, index, parts) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(name);
      // A trailing `{path}` spans slashes (file paths); every other parameter is one segment.
      return name === "path" && index === parts.length - 2 ? "(.+)" : "([^/]+)";
    })
    .join("");
  return { pattern: new RegExp(`^${source}$`), names };
}
