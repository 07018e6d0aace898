/**
 * `prompts/hostile-arguments`: the profile's prompts, got with hostile argument values, are answered with a result or a
 * JSON-RPC error, and the server keeps answering.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/prompts#security
 */
import { McpConformError, TimeoutError } from '../../protocol/errors.js';
import type { JsonRpcResponse } from '../../protocol/jsonrpc.js';
import { defineCheck } from '../define-check.js';
import { resultOf } from '../handshake.js';
import { isObject, listOrViolate, stillAnswers } from './lib-features.js';

/** A hostile value for one prompt argument, and what makes it hostile. */
export interface HostileValue {
  label: string;
  value: unknown;
}

/** The length of the long argument value, in characters (well under any sane request size limit). @default 10_000 */
export const HOSTILE_LONG_CHARS = 10_000;

/**
 * Values a careless prompt template or handler chokes on: size, control characters, template and format syntax, path
 * traversal, markup, bidirectional overrides, and the wrong JSON types (prompt arguments are strings). Every one is
 * valid JSON and valid Unicode, so a correct server can always answer it.
 */
export const HOSTILE_PROMPT_VALUES: readonly HostileValue[] = [
  { label: `a ${HOSTILE_LONG_CHARS}-character string`, value: 'A'.repeat(HOSTILE_LONG_CHARS) },
  { label: 'control characters', value: 'nul \u0000 bell \u0007 escape \u001b[31m cr \r lf \n del \u007f' },
  { label: 'template and format syntax', value: '{{who}} {% raw %} ${process.exit(1)} #{1} %s%n%x {0} <%= 1 %>' },
  { label: 'a path traversal', value: '../../../../../../etc/passwd' },
  { label: 'markup', value: '<script>alert(1)</script><img src=x onerror=alert(1)>' },
  { label: 'bidirectional overrides', value: 'abc\u202edcb\u2066\u200b\ufeff' },
  { label: 'an empty string', value: '' },
  { label: 'a number', value: 42 },
  { label: 'null', value: null },
  // An own "__proto__" key (JSON.parse makes one; an object literal would set the prototype instead).
  { label: 'an object with a __proto__ key', value: JSON.parse('{"nested":["x"],"__proto__":{"polluted":true}}') as unknown },
];

/** The name of an argument no prompt declares. */
export const UNDECLARED_PROMPT_ARGUMENT = 'mcp_conform_undeclared';

/**
 * "Implementations MUST carefully validate all prompt inputs and outputs to prevent injection attacks or unauthorized
 * access to resources." A black box cannot see injections, but it can see the failures careless validation causes:
 * for each of the profile's prompts and each of its arguments (the profile's and the listed ones), the check gets the
 * prompt with each {@link HOSTILE_PROMPT_VALUES} value in that argument (the others keep the profile's values), and once
 * with an argument the prompt does not declare. Every request must get a result with a `messages` array or a JSON-RPC
 * error (any code: which one is the business of prompts/errors) within the request time limit, and the
 * server must still answer afterwards. A crash or a hang fails.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/prompts#security
 */
export const promptsHostileArguments = defineCheck({
  id: 'prompts/hostile-arguments',
  title: "The profile's prompts, got with hostile argument values, get a result or an error and the server survives",
  level: 'MUST',
  requirements: ['prompts.security'],
  needs: { capability: 'prompts', profile: 'prompts' },
  session: 'shared',
  besideConcurrent: true,
  timeoutMs: 60_000,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/server/prompts#security',
  async run(ctx) {
    const listed = await listOrViolate(ctx, 'prompts/list', 'prompts');
    if (!listed) return;
    const timeoutMs = ctx.requestTimeoutMs;
    let sent = 0;
    for (const prompt of ctx.profile.prompts ?? []) {
      const declared = listed.find((p) => p.name === prompt.name);
      const listedArguments = Array.isArray(declared?.arguments) ? declared.arguments.filter(isObject).map((a) => a.name).filter((n): n is string => typeof n === 'string') : [];
      const base: Record<string, unknown> = { ...Object.fromEntries(listedArguments.map((name) => [name, 'x'])), ...prompt.arguments };
      const variants: Array<{ what: string; args: Record<string, unknown> }> = Object.keys(base).flatMap((name) =>
        HOSTILE_PROMPT_VALUES.map(({ label, value }) => ({ what: `${name} = ${label}`, args: { ...base, [name]: value } })),
      );
      variants.push({ what: `the undeclared argument ${UNDECLARED_PROMPT_ARGUMENT}`, args: { ...base, [UNDECLARED_PROMPT_ARGUMENT]: 'x' } });
      for (const { what, args } of variants) {
        const asked = `prompts/get of "${prompt.name}" with ${what}`;
        let response: JsonRpcResponse;
        try {
          response = await ctx.session.request('prompts/get', { name: prompt.name, arguments: args }, { timeoutMs });
        } catch (error) {
          if (error instanceof TimeoutError) {
            const dead = await stillAnswers(ctx);
            return void ctx.violation(`${asked} got no answer within ${timeoutMs} ms${dead ? `, and ${dead}` : ''}`);
          }
          if (error instanceof McpConformError) return void ctx.violation(`${asked}: ${error.message}`);
          throw error;
        }
        sent += 1;
        const result = resultOf(response);
        if (result && !Array.isArray(result.messages)) ctx.violation(`${asked} got a result without a "messages" array`);
      }
    }
    const dead = await stillAnswers(ctx);
    if (dead) return void ctx.violation(`after ${sent} prompts/get requests with hostile arguments the server stopped answering: ${dead}`);
    ctx.observe(`${sent} prompts/get requests with hostile arguments (${HOSTILE_PROMPT_VALUES.map((v) => v.label).join(', ')}; an undeclared argument) each got a result or a JSON-RPC error, and the server still answers`);
  },
});
