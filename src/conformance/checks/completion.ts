/**
 * Completion: `completion/complete` answers for prompt arguments and template variables, at most 100 values.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/completion
 */
import { supports, versionsWith } from '../../protocol/versions.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, errorOf, resultOf } from '../handshake.js';
import { isObject, listAll } from './lib-features.js';

const COMPLETION_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/completion';

/** The most values one completion may carry. @default 100 */
export const MAX_COMPLETION_VALUES = 100;
/** How many references the harness completes. @default 5 */
export const MAX_COMPLETION_REFS = 5;

/** What is wrong with a `completion/complete` result. */
export function completionProblems(result: Record<string, unknown>): string[] {
  const completion = result.completion;
  if (!isObject(completion)) return ['"completion" is not an object'];
  const problems: string[] = [];
  const values = completion.values;
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) problems.push('completion.values is not an array of strings');
  else if (values.length > MAX_COMPLETION_VALUES) problems.push(`completion.values has ${values.length} items, more than ${MAX_COMPLETION_VALUES}`);
  if ('total' in completion && !Number.isInteger(completion.total)) problems.push(`completion.total is ${JSON.stringify(completion.total)}, not an integer`);
  if ('hasMore' in completion && typeof completion.hasMore !== 'boolean') problems.push(`completion.hasMore is ${JSON.stringify(completion.hasMore)}, not a boolean`);
  return problems;
}

/** The references to complete: the first argument of prompts that have one, and the first variable of templates. */
async function referencesOf(ctx: CheckContext): Promise<Array<{ ref: Record<string, unknown>; argument: string; label: string }>> {
  const refs: Array<{ ref: Record<string, unknown>; argument: string; label: string }> = [];
  if ('prompts' in ctx.serverCapabilities) {
    const { items } = await listAll(ctx.session, 'prompts/list', 'prompts');
    for (const prompt of items) {
      const first = Array.isArray(prompt.arguments) ? prompt.arguments.find((a) => isObject(a) && typeof a.name === 'string') : undefined;
      if (isObject(first) && typeof prompt.name === 'string') refs.push({ ref: { type: 'ref/prompt', name: prompt.name }, argument: String(first.name), label: `prompt "${prompt.name}" argument "${String(first.name)}"` });
    }
  }
  if ('resources' in ctx.serverCapabilities) {
    const { items } = await listAll(ctx.session, 'resources/templates/list', 'resourceTemplates');
    for (const template of items) {
      const variable = typeof template.uriTemplate === 'string' ? /\{[+#./;?&]?([A-Za-z0-9_]+)/.exec(template.uriTemplate)?.[1] : undefined;
      if (variable) refs.push({ ref: { type: 'ref/resource', uri: template.uriTemplate }, argument: variable, label: `template ${JSON.stringify(template.uriTemplate)} variable "${variable}"` });
    }
  }
  return refs.slice(0, MAX_COMPLETION_REFS * 2);
}

/**
 * A declared `completions` capability answers `completion/complete` for prompt arguments and resource template
 * variables with `completion.values` (strings, "Maximum 100 items per response"), `total?` (an integer) and
 * `hasMore?` (a boolean), or with error -32602 for a reference it cannot complete. From 2025-06-18 the request carries
 * `context.arguments`.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/completion#completion-results
 */
export const completionCompleteValid = defineCheck({
  id: 'completion/complete-valid',
  title: 'completion/complete gives at most 100 string values, with a valid total and hasMore',
  level: 'MUST',
  requirements: ['completion.result-shape', 'completion.max-100', 'completion.prompt-ref', 'completion.resource-ref', 'completion.context', 'caps.server.completions'],
  versions: versionsWith('completionsCapability'),
  needs: { capability: 'completions' },
  session: 'shared',
  concurrent: true,
  spec: `${COMPLETION_SPEC}#completion-results`,
  async run(ctx) {
    const refs = await referencesOf(ctx);
    if (refs.length === 0) ctx.skip('the server lists no prompt with arguments and no resource template to complete');
    for (const { ref, argument, label } of refs) {
      const params = { ref, argument: { name: argument, value: '' }, ...(supports(ctx.version!, 'completionContext') ? { context: { arguments: {} } } : {}) };
      const response = await ctx.session.request('completion/complete', params);
      const result = resultOf(response);
      const error = errorOf(response);
      if (error?.code === -32602) {
        ctx.observe(`completion of ${label} got -32602`);
        continue;
      }
      if (!result) {
        ctx.violation(`completion/complete of ${label} got ${describeResponse(response)} though completions is declared`, { level: 'SHOULD' });
        continue;
      }
      const problems = completionProblems(result);
      if (problems.length > 0) ctx.violation(`completion/complete of ${label}: ${problems.join('; ')}`);
      else ctx.observe(`completion of ${label} gave ${(result.completion as { values: unknown[] }).values.length} values`);
    }
  },
});

/**
 * "Invalid prompt name: -32602 (Invalid params)" for a completion request whose prompt does not exist.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/completion#error-handling
 */
export const completionInvalidRef = defineCheck({
  id: 'completion/invalid-ref',
  title: 'Completing an argument of an unknown prompt gets error -32602',
  level: 'SHOULD',
  requirements: ['completion.invalid-ref'],
  versions: versionsWith('completionsCapability'),
  needs: { capability: 'completions' },
  session: 'shared',
  concurrent: true,
  spec: `${COMPLETION_SPEC}#error-handling`,
  async run(ctx) {
    const response = await ctx.session.request('completion/complete', { ref: { type: 'ref/prompt', name: 'mcp_conform_no_such_prompt' }, argument: { name: 'x', value: '' } });
    const error = errorOf(response);
    if (error?.code === -32602) ctx.observe('completion/complete of an unknown prompt got -32602');
    else if (error) ctx.violation(`completion/complete of an unknown prompt got error code ${String(error.code)} instead of -32602 (Invalid params)`);
    else ctx.violation(`completion/complete of an unknown prompt got ${describeResponse(response)} instead of error -32602`);
  },
});

/**
 * "Servers that support completions MUST declare the completions capability", and the Error Handling section: "Method
 * not found: -32601 (Capability not supported)". A server without the capability must not complete, and should
 * answer -32601 (another error only warns).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/completion#capabilities
 */
export const completionUndeclared = defineCheck({
  id: 'completion/undeclared-not-supported',
  title: 'Without the completions capability, completion/complete gets error -32601',
  level: 'MUST',
  requirements: ['completion.not-supported', 'caps.server.completions'],
  versions: versionsWith('completionsCapability'),
  session: 'shared',
  concurrent: true,
  spec: `${COMPLETION_SPEC}#capabilities`,
  async run(ctx) {
    if ('completions' in ctx.serverCapabilities) ctx.skip(`the server declared the completions capability in ${ctx.version}`);
    // A real reference if the server has one: only then can a success show support that was not declared.
    const [first] = await referencesOf(ctx);
    const probe = first ?? { ref: { type: 'ref/prompt', name: 'mcp_conform_probe' }, argument: 'x', label: 'an unknown prompt' };
    const response = await ctx.session.request('completion/complete', { ref: probe.ref, argument: { name: probe.argument, value: '' } });
    const error = errorOf(response);
    const result = resultOf(response);
    if (result && isObject(result.completion)) ctx.violation(`completion/complete of ${probe.label} succeeded though the server did not declare the completions capability`);
    else if (error?.code === -32601) ctx.observe('completion/complete got -32601 (the capability is not declared)');
    else if (error) ctx.violation(`completion/complete got error code ${String(error.code)} instead of -32601 (Capability not supported)`, { level: 'SHOULD' });
    else ctx.violation(`completion/complete got ${describeResponse(response)} instead of error -32601`, { level: 'SHOULD' });
  },
});
