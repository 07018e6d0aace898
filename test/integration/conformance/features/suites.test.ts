import { describe, expect, it } from 'vitest';
import { resultOf, runFeature } from './helpers.js';

/** Each check fails (or warns, for a SHOULD) against the fixture that breaks exactly its requirement. */
const CASES: Array<{ check: string; fixture: string; status: 'failed' | 'warned'; message: string; version?: '2025-03-26' | '2026-07-28' }> = [
  { check: 'resources/list-valid', fixture: 'resource-without-name', status: 'failed', message: 'resources/list: resource "test://text" has name (missing), not a string' },
  { check: 'resources/read-listed', fixture: 'resource-text-and-blob', status: 'failed', message: 'resources/read of "test://text": contents[0] has both "text" and "blob"; it needs exactly one' },
  { check: 'resources/templates-valid', fixture: 'template-unbalanced', status: 'failed', message: 'resources/templates/list: template "test://items/{id" is not an RFC 6570 URI template: it has a "{" without a "}"' },
  { check: 'resources/not-found-error', fixture: 'resource-not-found-empty-contents', status: 'warned', message: 'resources/read of mcp-conform://missing/resource got result {"contents":[]} instead of error -32002 (Resource not found)' },
  { check: 'resources/invalid-uri-handled', fixture: 'crashes-on-empty-uri', status: 'failed', message: 'the server process exited with code 1 before answering resources/read (while running the check)' },
  { check: 'resources/subscribe-roundtrip', fixture: 'subscribe-not-implemented', status: 'failed', message: 'resources/subscribe of "test://text" got error -32601 "Method not found: resources/subscribe" though resources.subscribe is declared' },
  { check: 'prompts/list-valid', fixture: 'prompt-argument-required-string', status: 'failed', message: 'prompts/list: prompt "greet" argument "who" has required "yes", not a boolean' },
  { check: 'prompts/get-valid', fixture: 'prompt-message-bad-role', status: 'failed', message: 'prompts/get of "greet": messages[0].role is "system", not "user" or "assistant"' },
  { check: 'prompts/errors', fixture: 'unknown-prompt-internal-error', status: 'warned', message: 'prompts/get of "mcp_conform_no_such_prompt" (an unknown prompt) got error code -32603 instead of -32602 (Invalid params)' },
  { check: 'pagination/cursors-followed', fixture: 'cursor-loops', status: 'failed', message: 'tools/list returned the cursor "page-0" a second time (page 2), so following its cursors never ends; resources/list returned the cursor "page-0" a second time (page 2), so following its cursors never ends' },
  { check: 'pagination/invalid-cursor', fixture: 'invalid-cursor-accepted', status: 'warned', message: 'tools/list with cursor "mcp-conform-invalid-cursor-%%" got a result instead of error -32602' },
  { check: 'completion/complete-valid', fixture: 'completion-too-many-values', status: 'failed', message: 'completion/complete of prompt "greet" argument "who": completion.values has 101 items, more than 100' },
  { check: 'completion/invalid-ref', fixture: 'completion-unknown-prompt-empty', status: 'warned', message: 'completion/complete of an unknown prompt got result {"completion":{"values":[]}} instead of error -32602' },
  { check: 'completion/undeclared-not-supported', fixture: 'completes-without-capability', status: 'failed', message: 'completion/complete of prompt "greet" argument "who" succeeded though the server did not declare the completions capability' },
  { check: 'logging/set-level', fixture: 'set-level-returns-data', status: 'failed', message: 'logging/setLevel("debug") got result {"level":"debug"}; the result must be empty; logging/setLevel("verbose") got result {"level":"verbose"} instead of error -32602' },
  { check: 'logging/threshold-honoured', fixture: 'ignores-log-level', status: 'warned', message: 'after setLevel("error") the server still sent "debug" messages' },
];

describe('feature checks against fixtures that break them', () => {
  it.each(CASES)('$check is $status against the fixture $fixture', async ({ check, fixture, status, message, version }) => {
    const result = resultOf(await runFeature(fixture, [check], version ? { protocolVersion: version } : {}), check);
    expect(result.message).toBe(message);
    expect(result.status).toBe(status);
    expect(result.evidence.length).toBeGreaterThan(0);
  });

  it('completion/undeclared-not-supported passes against a server without completions that answers -32601', async () => {
    const result = resultOf(await runFeature('no-completions-capability', ['completion/undeclared-not-supported']), 'completion/undeclared-not-supported');
    expect(result.status).toBe('passed');
  });
});
