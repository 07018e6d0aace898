import { describe, expect, it } from 'vitest';
import { FIXTURE_PROFILE, resultOf, runFeature } from './helpers.js';

/** Each check fails (or warns, for a SHOULD) against the fixture that breaks exactly its requirement. */
const CASES: Array<{ check: string; fixture: string; status: 'failed' | 'warned'; message: string; version?: '2025-03-26' | '2025-06-18' | '2026-07-28' }> = [
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
  {
    check: 'cancellation/no-response-after-cancel',
    fixture: 'answers-cancelled-requests',
    status: 'warned',
    message: 'the server answered the cancelled tools/call (id "mcp-conform-cancel-me") with result {"content":[{"type":"text","text":"waited 900 ms"}]} after it was cancelled; a receiver SHOULD not send a response for a cancelled request',
  },
  {
    check: 'cancellation/nothing-after-cancel',
    fixture: 'answers-cancelled-requests',
    version: '2026-07-28',
    status: 'failed',
    message:
      'the server answered the cancelled tools/call (id "mcp-conform-cancel-me") with result {"content":[{"type":"text","text":"waited 900 ms"}],"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"feature-fixture","version":"1.0.0"}}} after it was cancelled; a server MUST NOT send any further messages for a cancelled request',
  },
  { check: 'cancellation/invalid-ignored', fixture: 'answers-invalid-cancellations', status: 'warned', message: 'the server answered an invalid cancellation: error -32602 "requestId is required"' },
  { check: 'cancellation/race-graceful', fixture: 'crashes-on-cancel', status: 'failed', message: 'after 20 requests cancelled at once the server stopped answering: ping afterwards failed: the server process exited with code 2 before answering ping' },
  {
    check: 'progress/notifications-valid',
    fixture: 'progress-decreasing',
    status: 'failed',
    message:
      'progress for token "mcp-conform-progress" went from 3 to 2; it must increase with each notification; progress for token 424242 went from 3 to 2; it must increase with each notification; progress for token "mcp-conform-progress" went from 2 to 1; it must increase with each notification; progress for token 424242 went from 2 to 1; it must increase with each notification',
  },
  {
    check: 'progress/notifications-valid',
    fixture: 'progress-after-response',
    status: 'failed',
    message: 'a progress notification for token "mcp-conform-progress" came after the response to its request; a progress notification for token 424242 came after the response to its request',
  },
  { check: 'capabilities/match-lists', fixture: 'lists-tools-undeclared', status: 'failed', message: 'tools/list listed 2 tools though the server did not declare the tools capability' },
  { check: 'capabilities/respected', fixture: 'logs-without-capability', status: 'failed', message: 'the server sent notifications/message without declaring the logging capability' },
  { check: 'capabilities/respected', fixture: 'asks-for-roots', status: 'failed', message: 'the server sent roots/list, though the harness declared no roots capability' },
  {
    check: 'jsonrpc-envelope/error-messages-concise',
    fixture: 'multi-line-error-messages',
    status: 'warned',
    message: '1 error responses (ids 2) have an empty or multi-line message; 2025-11-25 says it SHOULD be a concise single sentence',
  },
  {
    check: 'jsonrpc-envelope/invalid-request',
    fixture: 'drops-invalid-requests',
    status: 'failed',
    message:
      'a request without a method ({"jsonrpc":"2.0","id":"mcp-conform-invalid-1"}) got no response before the answer to a request sent after it (waited at most 1000 ms) instead of error -32600; a request whose method is a number ({"jsonrpc":"2.0","id":"mcp-conform-invalid-2","method":42}) got no response before the answer to a request sent after it (waited at most 1000 ms) instead of error -32600',
  },
  {
    check: 'jsonrpc-envelope/parse-error',
    fixture: 'drops-unparseable-lines',
    status: 'failed',
    message: 'the unparseable frame "{\\"jsonrpc\\":\\"2.0\\",\\"id\\":1,\\"method\\":" got no error response before the answer to a request sent after it (waited at most 1000 ms) (JSON-RPC requires -32700 Parse error)',
  },
  {
    check: 'jsonrpc-envelope/batch-received',
    fixture: 'answers-empty-batch-with-array',
    version: '2025-03-26',
    status: 'failed',
    message: 'an empty batch was answered with an array; JSON-RPC 2.0 answers it with a single error',
  },
  {
    check: 'modern/discover-valid',
    fixture: 'discover-without-caching-hints',
    version: '2026-07-28',
    status: 'failed',
    message: 'server/discover: ttlMs is (missing), not an integer >= 0; server/discover: cacheScope is (missing), not "public" or "private"',
  },
  {
    check: 'modern/result-type',
    fixture: 'results-without-result-type',
    version: '2026-07-28',
    status: 'failed',
    message:
      'the result of server/discover (id 1) has no resultType; the result of tools/list (id 2) has no resultType; the result of resources/list (id 3) has no resultType; the result of resources/templates/list (id 4) has no resultType; the result of prompts/list (id 5) has no resultType',
  },
  {
    check: 'modern/caching-hints',
    fixture: 'list-without-cache-scope',
    version: '2026-07-28',
    status: 'failed',
    message: 'tools/list page 1: cacheScope is (missing), not "public" or "private"; tools/list page 2: cacheScope is (missing), not "public" or "private"',
  },
  {
    check: 'modern/unsupported-version',
    fixture: 'unsupported-version-invalid-params',
    version: '2026-07-28',
    status: 'failed',
    message: 'tools/list in version 1900-01-01 got error code -32602 instead of -32022 (UnsupportedProtocolVersionError)',
  },
  {
    check: 'modern/missing-meta-rejected',
    fixture: 'accepts-missing-meta',
    version: '2026-07-28',
    status: 'failed',
    message:
      'tools/list with no _meta got a result instead of error -32602; tools/list with only the protocol version got a result instead of error -32602; tools/list with only the client capabilities got a result instead of error -32602',
  },
  {
    check: 'modern/resource-not-found',
    fixture: 'modern-not-found-legacy-code',
    version: '2026-07-28',
    status: 'failed',
    message: 'resources/read of mcp-conform://missing/resource got error code -32002 instead of -32602',
  },
  { check: 'modern/error-codes', fixture: 'modern-not-found-legacy-code', version: '2026-07-28', status: 'failed', message: 'the server sent error code -32002, which 2026-07-28 retired' },
  {
    check: 'modern/logging-opt-in',
    fixture: 'ignores-log-level',
    version: '2026-07-28',
    status: 'failed',
    message: 'the server sent 4 notifications/message though no request carried _meta["io.modelcontextprotocol/logLevel"]',
  },
  { check: 'tools/malformed-call-error', fixture: 'malformed-call-internal-error', status: 'warned', message: 'tools/call with "name": 7 got error code -32603 instead of -32602 (Invalid params)' },
  {
    check: 'tools/input-validation',
    fixture: 'accepts-invalid-arguments',
    status: 'failed',
    message:
      'tools/call of "echo" with "text": 12345 (the schema says "string") succeeded; servers MUST validate tool inputs; tools/call of "add" with "a": "not a number" (the schema says "number") succeeded; servers MUST validate tool inputs',
  },
  {
    check: 'tasks/ignored-when-undeclared',
    fixture: 'task-call-returns-task',
    status: 'failed',
    message: 'tools/call of "echo" with task metadata got a task instead of a CallToolResult, though the server declares no task support for tools/call',
  },
  {
    check: 'resources/updated-only-if-subscribed',
    fixture: 'updates-unsubscribed-resource',
    status: 'warned',
    message:
      'the server sent notifications/resources/updated for "test://third", which the harness never subscribed to; the server sent notifications/resources/updated for "test://third", which the harness never subscribed to',
  },
  { check: 'logging/messages-safe', fixture: 'logs-a-password', status: 'warned', message: 'a log message contains what looks like a password assignment; log messages MUST NOT contain credentials or secrets' },
  { check: 'pagination/stable-cursors', fixture: 'unstable-cursors', status: 'warned', message: 'tools/list with cursor "page-2" gave two different pages' },
  {
    check: 'meta/keys-valid',
    fixture: 'bad-meta-key',
    status: 'failed',
    message: 'the _meta key result._meta["-bad key-"] is not a valid key (labels separated by dots, a slash, then a name that begins and ends alphanumerically)',
  },
  { check: 'lifecycle/ping-before-initialize', fixture: 'refuses-ping-before-initialize', status: 'warned', message: 'ping before initialize got error -32600 "Server not initialized" instead of {}' },
  {
    check: 'modern/initialize-error-names-versions',
    fixture: 'modern-only-vague-initialize-error',
    version: '2026-07-28',
    status: 'warned',
    message: 'initialize got error -32600 "Bad request", which does not name 2026-07-28',
  },
  { check: 'capabilities/respected', fixture: 'reuses-request-ids', status: 'failed', message: 'the server sent a second request with id "srv-1"; request ids MUST NOT be reused within a session' },
  {
    check: 'tools/list-valid',
    fixture: 'tool-task-support-invalid',
    status: 'failed',
    message: 'tools/list: tool "echo" has execution.taskSupport "sometimes", not "forbidden", "optional" or "required"',
  },
  {
    check: 'modern/result-type',
    fixture: 'input-required-without-capability',
    version: '2026-07-28',
    status: 'failed',
    message:
      'tools/list was answered with resultType "input_required", which only tools/call, prompts/get, resources/read may use; the input_required result of tools/list asks for inputRequests, though the harness declared no client capability; the input_required result of tools/list carries caching hints',
  },
  { check: 'tools/call-results-valid', fixture: 'structured-content-without-text', status: 'warned', message: 'tools/call of "add" returned structuredContent without the serialized JSON in a text block' },
  {
    check: 'tools/call-results-valid',
    fixture: 'embeds-resource-without-capability',
    status: 'warned',
    message: 'tools/call of "echo" returned an embedded resource, but the server does not declare the resources capability',
  },
  { check: 'jsonrpc-envelope/invalid-request', fixture: 'answers-null-id-ping', status: 'warned', message: 'a ping with "id": null got result {}; a request id MUST NOT be null, so it is no valid request' },
  // Both invalid frames are answered with id null: the answers are taken in the order they came.
  {
    check: 'jsonrpc-envelope/invalid-request',
    fixture: 'invalid-method-type-null-id-wrong-code',
    status: 'failed',
    message: 'a request whose method is a number ({"jsonrpc":"2.0","id":"mcp-conform-invalid-2","method":42}) got error code -32601 instead of -32600 (Invalid Request)',
  },
  // One frame unanswered, the other answered with id null: the frames are sent again one at a time to tell which.
  {
    check: 'jsonrpc-envelope/invalid-request',
    fixture: 'answers-one-invalid-request-null-id',
    status: 'failed',
    message: 'a request without a method ({"jsonrpc":"2.0","id":"mcp-conform-invalid-1"}) got no response before the answer to a request sent after it (waited at most 1000 ms) instead of error -32600',
  },
  { check: 'modern/discover-valid', fixture: 'discover-bad-extension-id', version: '2026-07-28', status: 'failed', message: 'server/discover: the extension id "tasks" is not prefix/name' },
  {
    check: 'capabilities/respected',
    fixture: 'cancels-without-subscription',
    version: '2026-07-28',
    status: 'failed',
    message: 'the server sent notifications/cancelled, though the harness opened no subscriptions/listen stream (the only thing a 2026-07-28 server may cancel)',
  },
  {
    check: 'modern/subscriptions-listen',
    fixture: 'listen-sends-unrequested',
    version: '2026-07-28',
    status: 'failed',
    message: 'the subscription stream carried notifications/prompts/list_changed, which the harness did not ask for (only toolsListChanged)',
  },
];

describe('feature checks against fixtures that break them', () => {
  it.concurrent.for(CASES)('$check is $status against the fixture $fixture', async ({ check, fixture, status, message, version }, { expect }) => {
    const result = resultOf(await runFeature(fixture, [check], version ? { protocolVersion: version } : {}), check);
    expect(result.message).toBe(message);
    expect(result.status).toBe(status);
    expect(result.evidence.length).toBeGreaterThan(0);
  });

  it('timeouts/requests-answered fails for a request the server never answers, and the run goes on', async () => {
    const report = await runFeature('hangs-on-tools-list', ['timeouts/requests-answered', 'prompts/list-valid'], { requestTimeoutMs: 500 });
    const result = resultOf(report, 'timeouts/requests-answered');
    expect(result.status).toBe('failed');
    expect(result.message).toBe('tools/list got no response within 500 ms; the harness cancelled it and went on');
    const cancel = result.evidence.find((e) => e.kind === 'frame' && e.direction === 'out' && e.raw.includes('notifications/cancelled'));
    expect(cancel?.kind === 'frame' && JSON.parse(cancel.raw).params.requestId).toBe('mcp-conform-timeout-1');
    expect(resultOf(report, 'prompts/list-valid').status).toBe('passed');
  });

  it('jsonrpc-envelope/invalid-request passes against a server that answers both invalid frames with -32600 and id null', async () => {
    const result = resultOf(await runFeature('invalid-requests-null-ids', ['jsonrpc-envelope/invalid-request']), 'jsonrpc-envelope/invalid-request');
    expect(result.status).toBe('passed');
    expect(result.message).toBe('a request without a method got -32600; a request whose method is a number got -32600; a ping with "id": null got error -32600 "Invalid Request"');
  });

  describe('jsonrpc-envelope/invalid-request: its frames behind one marker', () => {
    /** The check's run: its verdict, and what it sent, in order (invalid frames by id, the null-id ping, markers). */
    const run = async (fixture: string) => {
      const result = resultOf(await runFeature(fixture, ['jsonrpc-envelope/invalid-request']), 'jsonrpc-envelope/invalid-request');
      const sent = result.evidence.flatMap((e) => {
        if (e.kind !== 'frame' || e.direction !== 'out') return [];
        const message = JSON.parse(e.raw) as { id?: unknown; method?: unknown };
        return [message.id === null ? 'null-ping' : typeof message.id === 'string' && message.id.startsWith('mcp-conform-invalid-') ? message.id.slice(-9) : String(message.method)];
      });
      return { result, sent };
    };

    it.for([
      ['compliant', 'passed'],
      ['drops-invalid-requests', 'failed'],
      ['answers-null-id-ping', 'warned'],
    ] as const)('sends all three at once when the null-id answers can be told apart (%s)', async ([fixture, status]) => {
      const { result, sent } = await run(fixture);
      expect(result.status).toBe(status);
      // The three frames, one marker, then the ping that checks the server still answers.
      expect(sent).toEqual(['invalid-1', 'invalid-2', 'null-ping', 'ping', 'ping']);
    });

    it('sends them again when the null-id answers could be anyone\'s, the invalid requests apart from the ping', async () => {
      const { result, sent } = await run('invalid-requests-null-ids');
      expect(result.status).toBe('passed');
      expect(sent).toEqual(['invalid-1', 'invalid-2', 'null-ping', 'ping', 'invalid-1', 'invalid-2', 'ping', 'null-ping', 'ping', 'ping']);
    });
  });

  describe('jsonrpc-envelope/batch-received', () => {
    /** The check's run: its verdict, and the frames it sent (raw batches and marker pings), in order. */
    const run = async (fixture: string) => {
      const result = resultOf(await runFeature(fixture, ['jsonrpc-envelope/batch-received'], { protocolVersion: '2025-03-26' }), 'jsonrpc-envelope/batch-received');
      const sent = result.evidence.flatMap((e) => {
        if (e.kind !== 'frame' || e.direction !== 'out') return [];
        const message = JSON.parse(e.raw) as unknown;
        return [Array.isArray(message) ? (message.length === 0 ? '[]' : 'batch') : (message as { method: string }).method];
      });
      return { result, sent };
    };

    it('sends both batches behind one marker when the answers tell which is which (a compliant server)', async () => {
      const { result, sent } = await run('compliant');
      expect(result.status).toBe('passed');
      expect(result.message).toBe('a batch of two pings got both answered; an empty batch got one -32600 error');
      expect(sent).toEqual(['batch', '[]', 'ping']);
    });

    it('sends both behind one marker when nothing answers them (as server-everything does), and fails both', async () => {
      const { result, sent } = await run('drops-batches');
      expect(result.status).toBe('failed');
      expect(result.message).toBe(
        'a batch of two pings got no response for "mcp-conform-batch-1" and "mcp-conform-batch-2" before the answer to a request sent after it (waited at most 1000 ms); an empty batch ([]) got no error response before the answer to a request sent after it (waited at most 1000 ms) (JSON-RPC requires one -32600 error)',
      );
      expect(sent).toEqual(['batch', '[]', 'ping']);
    });

    it('sends them again one at a time when a null-id answer could be either batch\'s, and blames the right one', async () => {
      const { result, sent } = await run('rejects-batches-null-id');
      expect(result.status).toBe('failed');
      expect(result.message).toBe('a batch of two pings got no response for "mcp-conform-batch-1" and "mcp-conform-batch-2" before the answer to a request sent after it (waited at most 1000 ms)');
      expect(sent).toEqual(['batch', '[]', 'ping', 'batch', 'ping', '[]', 'ping']);
    });

    it('finds the empty batch answered with an array, which is not the pings\' answers (cited alone as evidence)', async () => {
      const { result } = await run('answers-empty-batch-with-array');
      expect(result.message).toBe('an empty batch was answered with an array; JSON-RPC 2.0 answers it with a single error');
      expect(result.evidence.map((e) => (e.kind === 'frame' ? `${e.direction} ${e.raw}` : e.kind))).toEqual(['in []']);
    });
  });

  it.for(['compliant', 'answers-invalid-cancellations'])('cancellation/invalid-ignored, beside the judges, keeps only its own frames as evidence (%s)', async (fixture) => {
    const report = await runFeature(fixture, ['cancellation/invalid-ignored', 'logging/threshold-honoured', 'jsonrpc/server-messages-valid']);
    const result = resultOf(report, 'cancellation/invalid-ignored');
    const sent = result.evidence.flatMap((e) => (e.kind === 'frame' && e.direction === 'out' ? [JSON.parse(e.raw).method as string] : []));
    expect(sent).toEqual(['notifications/cancelled', 'notifications/cancelled', 'notifications/cancelled', 'ping']);
  });

  it('modern/lists-stable fails when a list differs on another connection', async () => {
    const result = resultOf(await runFeature('lists-vary-per-connection', ['modern/lists-stable'], { protocolVersion: '2026-07-28' }), 'modern/lists-stable');
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/^tools\/list lists different items on another connection: \[echo, add, slow, pid-\d+\] vs \[echo, add, slow, pid-\d+\]$/);
  });

  it('modern/initialize-error-names-versions passes against a modern-only server whose initialize error names 2026-07-28', async () => {
    const result = resultOf(await runFeature('modern-only', ['modern/initialize-error-names-versions'], { protocolVersion: 'all' }), 'modern/initialize-error-names-versions');
    expect(result.status).toBe('passed');
    expect(result.message).toBe('initialize got error -32602 "Unsupported protocol version; supported: 2026-07-28", naming 2026-07-28');
  });

  it('tasks/augmented-call passes against a server with 2025-11-25 tasks, and fails when a task starts completed', async () => {
    const profile = { ...FIXTURE_PROFILE, calls: [...FIXTURE_PROFILE.calls, { tool: 'research', arguments: { topic: 'x' } }] };
    const passing = resultOf(await runFeature('tasks', ['tasks/augmented-call'], { profile }), 'tasks/augmented-call');
    expect(passing.status).toBe('passed');
    expect(passing.message).toMatch(/^tools\/call of "research" created task "task-[a-z0-9]+", which reached completed$/);
    const failing = resultOf(await runFeature('task-starts-completed', ['tasks/augmented-call'], { profile }), 'tasks/augmented-call');
    expect(failing.message).toBe('the created task has status "completed"; tasks MUST begin in the working status');
    expect(failing.status).toBe('failed');
    const wrapped = resultOf(await runFeature('task-required-is-error-result', ['tasks/augmented-call'], { profile }), 'tasks/augmented-call');
    expect(wrapped.message).toBe('tools/call of "research" (taskSupport "required") without a task got a result with isError: true instead of a JSON-RPC error -32601');
    expect(wrapped.status).toBe('failed');
  });

  it('completion/undeclared-not-supported passes against a server without completions that answers -32601', async () => {
    const result = resultOf(await runFeature('no-completions-capability', ['completion/undeclared-not-supported']), 'completion/undeclared-not-supported');
    expect(result.status).toBe('passed');
  });
});
