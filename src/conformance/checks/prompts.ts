/**
 * Prompts: the list, getting the profile's prompts, and the errors for unknown prompts and missing arguments.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/prompts
 */
import { supports, type ProtocolVersion } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, errorOf, resultOf } from '../handshake.js';
import { contentProblems, isObject, laterContentTypes, listOrViolate, listProblems } from './lib-features.js';

const PROMPTS_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/server/prompts';

/** What is wrong with one listed prompt. */
function promptProblems(prompt: Record<string, unknown>, version: ProtocolVersion): string[] {
  const where = typeof prompt.name === 'string' ? `prompt "${prompt.name}"` : 'a prompt';
  const problems: string[] = [];
  if (typeof prompt.name !== 'string') problems.push(`a prompt has name ${JSON.stringify(prompt.name) ?? '(missing)'}, not a string`);
  if ('description' in prompt && typeof prompt.description !== 'string') problems.push(`${where} has a description that is not a string`);
  if (supports(version, 'titles') && 'title' in prompt && typeof prompt.title !== 'string') problems.push(`${where} has a title that is not a string`);
  if (prompt.arguments !== undefined) {
    if (!Array.isArray(prompt.arguments)) problems.push(`${where} has arguments that are not an array`);
    else {
      prompt.arguments.forEach((argument, i) => {
        if (!isObject(argument) || typeof argument.name !== 'string') problems.push(`${where} arguments[${i}] has no string name`);
        else if ('required' in argument && typeof argument.required !== 'boolean') problems.push(`${where} argument "${argument.name}" has required ${JSON.stringify(argument.required)}, not a boolean`);
      });
    }
  }
  return problems;
}

/**
 * `prompts/list` gives `prompts[]`, each with a `name`, and `arguments[]` of `{ name, description?, required? }`
 * (ListPromptsResult).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/prompts#listing-prompts
 */
export const promptsListValid = defineCheck({
  id: 'prompts/list-valid',
  title: 'prompts/list gives prompts with a name and well-formed arguments',
  level: 'MUST',
  requirements: ['prompts.list.shape'],
  needs: { capability: 'prompts' },
  session: 'shared',
  concurrent: true,
  spec: `${PROMPTS_SPEC}#listing-prompts`,
  async run(ctx) {
    const prompts = await listOrViolate(ctx, 'prompts/list', 'prompts');
    if (!prompts) return;
    const problems = prompts.flatMap((p) => promptProblems(p, ctx.version!));
    if (problems.length > 0) ctx.violation(`prompts/list: ${listProblems(problems)}`);
    else ctx.observe(`${prompts.length} prompts, each with a name`);
  },
});

/**
 * `prompts/get` with the profile's arguments gives `messages[]`, each with `role` "user" or "assistant" and one
 * content block of a type its version defines. "The image data MUST be base64-encoded and include a valid MIME
 * type", the same for audio, and an embedded resource "MUST include: A valid resource URI; The appropriate MIME type;
 * Either text content or base64-encoded blob data" (a missing mimeType only warns: the schema makes it optional).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/prompts#getting-a-prompt
 */
export const promptsGetValid = defineCheck({
  id: 'prompts/get-valid',
  title: "The profile's prompts/get calls return messages with a role and valid content",
  level: 'MUST',
  requirements: ['prompts.get.shape', 'prompts.image-base64', 'prompts.audio-base64', 'prompts.embedded-resource'],
  needs: { capability: 'prompts', profile: 'prompts' },
  session: 'shared',
  concurrent: true,
  spec: `${PROMPTS_SPEC}#getting-a-prompt`,
  async run(ctx) {
    const version = ctx.version!;
    for (const prompt of ctx.profile.prompts ?? []) {
      const response = await ctx.session.request('prompts/get', { name: prompt.name, ...(prompt.arguments ? { arguments: prompt.arguments } : {}) });
      const result = resultOf(response);
      if (!result) {
        ctx.violation(`prompts/get of "${prompt.name}" (from the profile) got ${describeResponse(response)}`);
        continue;
      }
      if (!Array.isArray(result.messages)) {
        ctx.violation(`prompts/get of "${prompt.name}": "messages" is not an array`);
        continue;
      }
      const problems: string[] = [];
      result.messages.forEach((message, i) => {
        if (!isObject(message)) return void problems.push(`messages[${i}] is not an object`);
        if (message.role !== 'user' && message.role !== 'assistant') problems.push(`messages[${i}].role is ${JSON.stringify(message.role)}, not "user" or "assistant"`);
        problems.push(...contentProblems(message.content, version, `messages[${i}].content`));
        const content = message.content;
        if (isObject(content) && content.type === 'resource' && isObject(content.resource) && typeof content.resource.mimeType !== 'string') {
          ctx.violation(`prompts/get of "${prompt.name}": messages[${i}] embeds a resource without a mimeType`, { level: 'SHOULD' });
        }
      });
      const later = laterContentTypes(result.messages.map((m) => (isObject(m) ? m.content : undefined)), version, 'messages[].content');
      if (later.length > 0) ctx.violation(`prompts/get of "${prompt.name}": ${listProblems(later)} (a SHOULD before 2025-06-18: "Respect the negotiated protocol version")`, { level: 'SHOULD' });
      if (problems.length > 0) ctx.violation(`prompts/get of "${prompt.name}": ${listProblems(problems)}`);
      else ctx.observe(`prompts/get of "${prompt.name}" gave ${result.messages.length} messages`);
    }
  },
});

/** A prompt name no server has. */
export const UNKNOWN_PROMPT = 'mcp_conform_no_such_prompt';

/**
 * "Invalid prompt name: -32602 (Invalid params)" and "Missing required arguments: -32602 (Invalid params)". The
 * check gets an unknown prompt, and each listed prompt that has a required argument without its arguments (neither
 * can run the prompt, so both are safe).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/prompts#error-handling
 */
export const promptsErrors = defineCheck({
  id: 'prompts/errors',
  title: 'An unknown prompt, or one missing a required argument, gets error -32602',
  level: 'SHOULD',
  requirements: ['prompts.get.unknown', 'prompts.get.missing-required-arg', 'prompts.validate-args'],
  needs: { capability: 'prompts' },
  session: 'shared',
  concurrent: true,
  spec: `${PROMPTS_SPEC}#error-handling`,
  async run(ctx) {
    const prompts = await listOrViolate(ctx, 'prompts/list', 'prompts');
    if (!prompts) return;
    const probes: Array<{ name: string; why: string }> = [{ name: UNKNOWN_PROMPT, why: 'an unknown prompt' }];
    for (const prompt of prompts) {
      const required = Array.isArray(prompt.arguments) && prompt.arguments.some((a) => isObject(a) && a.required === true);
      if (required && typeof prompt.name === 'string') probes.push({ name: prompt.name, why: 'without its required arguments' });
    }
    for (const { name, why } of probes) {
      const response = await ctx.session.request('prompts/get', { name });
      const error = errorOf(response);
      if (error?.code === -32602) ctx.observe(`prompts/get of "${name}" (${why}) got -32602`);
      else if (error) ctx.violation(`prompts/get of "${name}" (${why}) got error code ${String(error.code)} instead of -32602 (Invalid params)`);
      else ctx.violation(`prompts/get of "${name}" (${why}) got ${describeResponse(response)} instead of error -32602`);
    }
  },
});
