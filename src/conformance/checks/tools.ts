/**
 * Tools: the list, the JSON Schemas it publishes, tool names, results of the profile's safe calls, and errors.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools
 */
import { supports, versionsWith, type ProtocolVersion } from '../../protocol/versions.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, errorOf, resultOf } from '../handshake.js';
import { annotationProblems, contentProblems, isObject, laterContentTypes, listOrViolate, listProblems } from './lib-features.js';
import { compileSchema, describeSchemaErrors } from './lib-json-schema.js';

const TOOLS_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/server/tools';

/** Lists every tool (all pages); undefined when listing broke (a violation is recorded). */
async function listTools(ctx: CheckContext): Promise<Record<string, unknown>[] | undefined> {
  return listOrViolate(ctx, 'tools/list', 'tools');
}

const ANNOTATION_HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/** What is wrong with one listed tool in a version. */
function toolProblems(tool: Record<string, unknown>, version: ProtocolVersion): string[] {
  const name = typeof tool.name === 'string' ? tool.name : undefined;
  const where = name === undefined ? 'a tool' : `tool "${name}"`;
  const problems: string[] = [];
  if (name === undefined) problems.push(`a tool has name ${JSON.stringify(tool.name) ?? '(missing)'}, not a string`);
  const input = tool.inputSchema;
  if (!isObject(input)) problems.push(`${where} has inputSchema ${JSON.stringify(input) ?? '(missing)'}, not a JSON Schema object`);
  else if (input.type !== 'object') problems.push(`${where} has inputSchema.type ${JSON.stringify(input.type) ?? '(missing)'}, not "object"`);
  if ('description' in tool && typeof tool.description !== 'string') problems.push(`${where} has a description that is not a string`);
  if (supports(version, 'titles') && 'title' in tool && typeof tool.title !== 'string') problems.push(`${where} has a title that is not a string`);
  if (supports(version, 'toolAnnotations') && tool.annotations !== undefined) {
    const annotations = tool.annotations;
    if (!isObject(annotations)) problems.push(`${where} has annotations that are not an object`);
    else {
      for (const hint of ANNOTATION_HINTS) {
        if (hint in annotations && typeof annotations[hint] !== 'boolean') problems.push(`${where} has annotations.${hint} ${JSON.stringify(annotations[hint])}, not a boolean`);
      }
      if ('title' in annotations && typeof annotations.title !== 'string') problems.push(`${where} has annotations.title that is not a string`);
    }
  }
  if (supports(version, 'structuredContent') && tool.outputSchema !== undefined) {
    const output = tool.outputSchema;
    if (!isObject(output)) problems.push(`${where} has an outputSchema that is not an object`);
    else if (supports(version, 'initialize') && output.type !== 'object') problems.push(`${where} has outputSchema.type ${JSON.stringify(output.type) ?? '(missing)'}, not "object"`);
  }
  if (supports(version, 'tasks') && tool.execution !== undefined) {
    const support = isObject(tool.execution) ? tool.execution.taskSupport : undefined;
    if (!isObject(tool.execution)) problems.push(`${where} has an execution that is not an object`);
    else if (support !== undefined && support !== 'forbidden' && support !== 'optional' && support !== 'required') problems.push(`${where} has execution.taskSupport ${JSON.stringify(support)}, not "forbidden", "optional" or "required"`);
  }
  if (supports(version, 'icons') && tool.icons !== undefined) {
    if (!Array.isArray(tool.icons) || tool.icons.some((icon) => !isObject(icon) || typeof icon.src !== 'string')) problems.push(`${where} has icons that are not a list of { src }`);
  }
  return problems;
}

/**
 * "inputSchema: JSON Schema defining expected parameters … MUST be a valid JSON Schema object (not null)", whose
 * `type` is `"object"` in every version's schema; `annotations` hints are booleans (2025-03-26+); `outputSchema` is an
 * object schema (2025-06-18 to 2025-11-25: `type: "object"`); `title` and `icons` are typed where their version has
 * them.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool
 */
export const toolsListValid = defineCheck({
  id: 'tools/list-valid',
  title: 'tools/list gives tools with a name, an object inputSchema and well-typed optional fields',
  level: 'MUST',
  requirements: ['tools.list.shape', 'tools.input-schema.object', 'tools.annotations.shape', 'tools.output-schema.type-object', 'meta.icons-shape', 'meta.title', 'tools.execution.task-support'],
  needs: { capability: 'tools' },
  session: 'shared',
  concurrent: true,
  spec: `${TOOLS_SPEC}#tool`,
  async run(ctx) {
    const tools = await listTools(ctx);
    if (!tools) return;
    const problems = tools.flatMap((tool) => toolProblems(tool, ctx.version!));
    if (problems.length > 0) ctx.violation(`tools/list: ${listProblems(problems)}`);
    else ctx.observe(`${tools.length} tools, each with a name and an object inputSchema`);
  },
});

/**
 * "Schemas MUST be valid according to their declared or default dialect", and "When a schema does not include a
 * $schema field, it defaults to JSON Schema 2020-12" (2025-11-25+). Every inputSchema and outputSchema is compiled
 * with ajv in that dialect. Before 2025-11-25 no dialect is named: a schema that neither 2020-12 nor draft-07 compiles
 * only warns.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic#json-schema-usage
 */
export const toolsSchemasCompile = defineCheck({
  id: 'tools/schemas-compile',
  title: 'Every inputSchema and outputSchema is a valid JSON Schema in its dialect',
  level: 'MUST',
  requirements: ['jsonschema.default-2020-12', 'jsonschema.valid-for-dialect', 'jsonschema.explicit-dialect', 'jsonschema.legacy-unspecified'],
  needs: { capability: 'tools' },
  session: 'shared',
  concurrent: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic#json-schema-usage',
  async run(ctx) {
    const tools = await listTools(ctx);
    if (!tools) return;
    let compiled = 0;
    for (const tool of tools) {
      for (const key of ['inputSchema', 'outputSchema'] as const) {
        const schema = tool[key];
        if (!isObject(schema)) continue;
        const outcome = compileSchema(schema, ctx.version!);
        if (outcome.ok) compiled += 1;
        else ctx.violation(`tool "${String(tool.name)}" ${key} is not a valid JSON Schema (${outcome.dialect}): ${outcome.error}`, { level: outcome.graded });
      }
    }
    if (compiled === 0 && tools.length === 0) ctx.skip('the server lists no tools');
    ctx.observe(`${compiled} tool schemas compiled`);
  },
});

/** The characters a tool name should use. */
const TOOL_NAME = /^[A-Za-z0-9_.-]+$/;
/** The longest name the guidance allows. @default 128 */
export const MAX_TOOL_NAME_LENGTH = 128;

/**
 * "Tool names SHOULD be between 1 and 128 characters in length (inclusive)", "SHOULD only use the following
 * characters: uppercase and lowercase ASCII letters (A-Z, a-z), digits (0-9), underscore (_), hyphen (-), and dot
 * (.)", and "Tool names SHOULD be unique within a server".
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool-names
 */
export const toolsNames = defineCheck({
  id: 'tools/names',
  title: 'Tool names are 1–128 characters of [A-Za-z0-9_.-] and unique',
  level: 'SHOULD',
  requirements: ['tools.name.length', 'tools.name.charset', 'tools.name.unique'],
  versions: versionsWith('toolNameRules'),
  needs: { capability: 'tools' },
  session: 'shared',
  concurrent: true,
  spec: `${TOOLS_SPEC}#tool-names`,
  async run(ctx) {
    const tools = await listTools(ctx);
    if (!tools) return;
    if (tools.length === 0) ctx.skip('the server lists no tools');
    const seen = new Set<string>();
    for (const tool of tools) {
      if (typeof tool.name !== 'string') continue;
      const name = tool.name;
      if (name.length < 1 || name.length > MAX_TOOL_NAME_LENGTH) ctx.violation(`tool name ${JSON.stringify(name)} has ${name.length} characters, not 1 to ${MAX_TOOL_NAME_LENGTH}`);
      else if (!TOOL_NAME.test(name)) ctx.violation(`tool name ${JSON.stringify(name)} uses characters other than A-Z, a-z, 0-9, _, - and .`);
      if (seen.has(name)) ctx.violation(`tool name ${JSON.stringify(name)} is listed more than once`);
      seen.add(name);
    }
    ctx.observe(`${tools.length} tool names checked`);
  },
});

/** A tool name no server has. */
export const UNKNOWN_TOOL = 'mcp_conform_no_such_tool';

/**
 * "Protocol Errors: Standard JSON-RPC errors for issues like: Unknown tools" (the example answers -32602). A result
 * with `isError: true` is what the TypeScript SDK's McpServer answers, so it only warns (CATALOGUE §31 #3).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools#error-handling
 */
export const toolsUnknownToolError = defineCheck({
  id: 'tools/unknown-tool-error',
  title: 'Calling an unknown tool gets a JSON-RPC error',
  level: 'SHOULD',
  requirements: ['tools.call.unknown-tool'],
  needs: { capability: 'tools' },
  session: 'shared',
  concurrent: true,
  spec: `${TOOLS_SPEC}#error-handling`,
  async run(ctx) {
    const response = await ctx.session.request('tools/call', { name: UNKNOWN_TOOL, arguments: {} });
    const error = errorOf(response);
    if (error) {
      ctx.observe(`tools/call of ${UNKNOWN_TOOL} got ${describeResponse(response)}`);
      return;
    }
    const result = resultOf(response);
    if (result?.isError === true) ctx.violation(`tools/call of ${UNKNOWN_TOOL} got a result with isError: true instead of a JSON-RPC error (-32602)`);
    else ctx.violation(`tools/call of ${UNKNOWN_TOOL} got ${describeResponse(response)} instead of a JSON-RPC error (-32602)`);
  },
});

/** Deep equality of JSON values. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * For each profile call: the result has a `content` array of blocks the version defines (image and audio data
 * base64), `isError` is a boolean when present; for a tool with an outputSchema, a successful result "MUST provide
 * structured results that conform to this schema" (`structuredContent` an object up to 2025-11-25), and "a tool that
 * returns structured content SHOULD also return the serialized JSON in a TextContent block" (a warning). "Servers that
 * use embedded resources SHOULD implement the resources capability" (a warning).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools#output-schema
 */
export const toolsCallResultsValid = defineCheck({
  id: 'tools/call-results-valid',
  title: "The profile's tool calls return valid results, with structuredContent that matches the outputSchema",
  level: 'MUST',
  requirements: [
    'tools.call.result-shape',
    'tools.output-schema.conform',
    'tools.structured-content.object',
    'tools.structured-content.text-mirror',
    'tools.content.binary-base64',
    'tools.content.annotations',
    'tools.embedded-resource.capability',
    'tools.call.execution-errors-in-result',
  ],
  needs: { capability: 'tools', profile: 'calls' },
  session: 'shared',
  concurrent: true,
  spec: `${TOOLS_SPEC}#output-schema`,
  async run(ctx) {
    const version = ctx.version!;
    const tools = await listTools(ctx);
    if (!tools) return;
    // A tool whose taskSupport is "required" cannot be called without a task (tasks/augmented-call covers it).
    const plain = (name: string): boolean => tools.some((t) => t.name === name && !(isObject(t.execution) && t.execution.taskSupport === 'required'));
    const calls = (ctx.profile.calls ?? []).filter((call) => plain(call.tool));
    if (calls.length === 0) ctx.skip(`none of the profile's calls (${(ctx.profile.calls ?? []).map((c) => c.tool).join(', ')}) names a tool that tools/list lists`);
    for (const call of calls) {
      const tool = tools.find((t) => t.name === call.tool)!;
      const response = await ctx.session.request('tools/call', { name: call.tool, arguments: call.arguments ?? {} });
      const result = resultOf(response);
      if (!result) {
        ctx.violation(`tools/call of "${call.tool}" got ${describeResponse(response)}; a tool's own failures belong in a result with isError`, { level: 'SHOULD' });
        continue;
      }
      const problems: string[] = [];
      if (!Array.isArray(result.content)) problems.push('"content" is not an array');
      else result.content.forEach((block, i) => problems.push(...contentProblems(block, version, `content[${i}]`)));
      if ('isError' in result && typeof result.isError !== 'boolean') problems.push(`isError is ${JSON.stringify(result.isError)}, not a boolean`);
      problems.push(...annotationProblems(result.annotations, version, 'annotations'));
      const structured = result.structuredContent;
      if (structured !== undefined && supports(version, 'initialize') && supports(version, 'structuredContent') && !isObject(structured)) {
        problems.push('structuredContent is not an object');
      }
      const outputSchema = tool.outputSchema;
      if (supports(version, 'structuredContent') && isObject(outputSchema) && result.isError !== true) {
        if (structured === undefined) problems.push('the tool declares an outputSchema but the result has no structuredContent');
        else {
          const compiled = compileSchema(outputSchema, version);
          if (compiled.ok && !compiled.validate(structured)) problems.push(`structuredContent does not match the outputSchema: ${describeSchemaErrors(compiled.validate)}`);
        }
      }
      if (problems.length > 0) ctx.violation(`tools/call of "${call.tool}": ${listProblems(problems)}`);
      const later = Array.isArray(result.content) ? laterContentTypes(result.content, version, 'content') : [];
      if (later.length > 0) ctx.violation(`tools/call of "${call.tool}": ${listProblems(later)} (a SHOULD before 2025-06-18: "Respect the negotiated protocol version")`, { level: 'SHOULD' });
      // The text mirror is asked for where structuredContent is defined: "For backwards compatibility, a tool that
      // returns structured content SHOULD also return the serialized JSON in a TextContent block" (2025-06-18 on).
      if (supports(version, 'structuredContent') && structured !== undefined && Array.isArray(result.content)) {
        const mirrored = result.content.some((b) => isObject(b) && b.type === 'text' && typeof b.text === 'string' && parsesTo(b.text, structured));
        if (!mirrored) ctx.violation(`tools/call of "${call.tool}" returned structuredContent without the serialized JSON in a text block`, { level: 'SHOULD' });
      }
      const embeds = Array.isArray(result.content) && result.content.some((b) => isObject(b) && b.type === 'resource');
      if (embeds && !('resources' in ctx.serverCapabilities)) {
        ctx.violation(`tools/call of "${call.tool}" returned an embedded resource, but the server does not declare the resources capability`, { level: 'SHOULD' });
      }
      ctx.observe(`tools/call of "${call.tool}" returned ${Array.isArray(result.content) ? result.content.length : 0} content blocks${structured !== undefined ? ' and structuredContent' : ''}`);
    }
  },
});

function parsesTo(text: string, value: unknown): boolean {
  try {
    return jsonEqual(JSON.parse(text), value);
  } catch {
    return false;
  }
}

/**
 * "Protocol Errors: Standard JSON-RPC errors for issues like: … Malformed requests (requests that fail to satisfy
 * CallToolRequest schema)": `tools/call` with a numeric name gets -32602 (another error, or a result, warns).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools#error-handling
 */
export const toolsMalformedCallError = defineCheck({
  id: 'tools/malformed-call-error',
  title: 'A tools/call whose name is not a string gets error -32602',
  level: 'SHOULD',
  requirements: ['tools.call.malformed'],
  needs: { capability: 'tools' },
  session: 'shared',
  concurrent: true,
  spec: `${TOOLS_SPEC}#error-handling`,
  async run(ctx) {
    const response = await ctx.session.request('tools/call', { name: 7, arguments: {} });
    const error = errorOf(response);
    if (error?.code === -32602) ctx.observe('tools/call with "name": 7 got -32602');
    else if (error) ctx.violation(`tools/call with "name": 7 got error code ${String(error.code)} instead of -32602 (Invalid params)`);
    else ctx.violation(`tools/call with "name": 7 got ${describeResponse(response)} instead of error -32602`);
  },
});

/** A value of another JSON type than a schema type asks for. */
function wrongValueFor(schema: unknown): unknown {
  const type = isObject(schema) ? schema.type : undefined;
  return type === 'string' ? 12345 : type === 'number' || type === 'integer' ? 'not a number' : type === 'boolean' ? 'not a boolean' : type === 'array' ? 'not an array' : type === 'object' ? 'not an object' : undefined;
}

/**
 * "Servers MUST: Validate all tool inputs"; from 2025-11-25 "Input validation errors (e.g., date in wrong format,
 * value out of range)" are Tool Execution Errors ("isError": true), while up to 2025-06-18 "Invalid arguments" are
 * listed as protocol errors, so there either answer is right. For each profile call, the check replaces one typed
 * argument with a value of another type; the server must refuse it (a result without isError fails) and keep
 * answering. From 2025-11-25, -32602 instead of isError only warns (CATALOGUE §31 #4).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools#error-handling
 */
export const toolsInputValidation = defineCheck({
  id: 'tools/input-validation',
  title: "Arguments that break a profile tool's inputSchema are refused (isError from 2025-11-25)",
  level: 'MUST',
  requirements: ['tools.security.validate-inputs', 'tools.call.input-validation'],
  needs: { capability: 'tools', profile: 'calls' },
  session: 'shared',
  concurrent: true,
  spec: `${TOOLS_SPEC}#error-handling`,
  async run(ctx) {
    const version = ctx.version!;
    const tools = await listTools(ctx);
    if (!tools) return;
    let tried = 0;
    for (const call of ctx.profile.calls ?? []) {
      const tool = tools.find((t) => t.name === call.tool);
      if (isObject(tool?.execution) && tool.execution.taskSupport === 'required') continue;
      const properties = isObject(tool?.inputSchema) && isObject(tool.inputSchema.properties) ? tool.inputSchema.properties : {};
      const target = Object.entries(properties).find(([, schema]) => wrongValueFor(schema) !== undefined);
      if (!target) continue;
      const [name, schema] = target;
      tried += 1;
      const args = { ...(call.arguments ?? {}), [name]: wrongValueFor(schema) };
      const response = await ctx.session.request('tools/call', { name: call.tool, arguments: args });
      const label = `tools/call of "${call.tool}" with ${JSON.stringify(name)}: ${JSON.stringify(args[name])} (the schema says ${JSON.stringify((schema as { type?: unknown }).type)})`;
      const result = resultOf(response);
      const error = errorOf(response);
      if (result && result.isError !== true) ctx.violation(`${label} succeeded; servers MUST validate tool inputs`);
      else if (error && supports(version, 'inputValidationIsToolError')) ctx.violation(`${label} got ${describeResponse(response)}; from 2025-11-25 input validation errors are tool execution errors (isError: true)`, { level: 'SHOULD' });
      else ctx.observe(`${label} got ${result ? 'isError: true' : `error ${String(error?.code)}`}`);
    }
    if (tried === 0) ctx.skip("none of the profile's tools has a typed property to break");
  },
});
