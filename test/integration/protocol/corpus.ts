/**
 * A corpus of valid messages for each protocol version: one or more per method and direction the version defines,
 * plus error responses. The cross-check test proves each is valid both for our strict schemas and for the
 * official JSON Schema of its version.
 */
import { supports } from '../../../src/protocol/versions.js';
import type { ProtocolVersion } from '../../../src/protocol/versions.js';
import type { MessageDirection } from '../../../src/protocol/index.js';

/** One corpus message: who sends it and, for a response, which method it answers. */
export interface CorpusEntry {
  readonly name: string;
  readonly direction: MessageDirection;
  readonly requestMethod?: string;
  readonly message: Record<string, unknown>;
}

const C2S: MessageDirection = 'client-to-server';
const S2C: MessageDirection = 'server-to-client';

/** Builds the corpus of one version. */
export function corpusOf(v: ProtocolVersion): CorpusEntry[] {
  const modern = supports(v, 'stateless');
  const entries: CorpusEntry[] = [];
  let nextId = 1;
  const meta = modern
    ? {
        _meta: {
          'io.modelcontextprotocol/protocolVersion': v,
          'io.modelcontextprotocol/clientCapabilities': { sampling: {}, elicitation: { form: {} } },
          'io.modelcontextprotocol/clientInfo': { name: 'corpus-client', version: '1.0.0' },
          'io.modelcontextprotocol/logLevel': 'info',
          progressToken: 'p-1',
        },
      }
    : {};
  const complete = modern ? { resultType: 'complete' } : {};
  const cached = modern ? { ttlMs: 60_000, cacheScope: 'private' } : {};
  const serverInfoMeta = modern ? { _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'corpus-server', version: '1.0.0' } } } : {};

  const exchange = (direction: MessageDirection, method: string, params: object | undefined, results: object[]): void => {
    const id = nextId++;
    const message: Record<string, unknown> = { jsonrpc: '2.0', id, method };
    const withMeta = direction === C2S && modern ? { ...meta, ...params } : params;
    if (withMeta !== undefined) message.params = withMeta;
    entries.push({ name: `${method} request`, direction, message });
    const back = direction === C2S ? S2C : C2S;
    results.forEach((result, index) => {
      entries.push({ name: `${method} result #${index + 1}`, direction: back, requestMethod: method, message: { jsonrpc: '2.0', id, result } });
    });
  };
  const notify = (direction: MessageDirection, method: string, params?: object): void => {
    const message: Record<string, unknown> = { jsonrpc: '2.0', method };
    if (params !== undefined) message.params = params;
    entries.push({ name: `${method} (${direction})`, direction, message });
  };

  const text = { type: 'text', text: 'Hello, world' };
  const image = { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' };
  const audio = { type: 'audio', data: 'UklGRg==', mimeType: 'audio/wav' };
  const link = { type: 'resource_link', uri: 'file:///project/README.md', name: 'README.md', mimeType: 'text/markdown' };
  const embedded = { type: 'resource', resource: { uri: 'file:///project/a.txt', mimeType: 'text/plain', text: 'a' } };
  const blocks = [
    text,
    { ...image, annotations: { audience: ['user'], priority: 0.5 } },
    ...(supports(v, 'audioContent') ? [audio] : []),
    ...(supports(v, 'resourceLinks') ? [link] : []),
    embedded,
  ];
  const implementation = {
    name: 'corpus',
    version: '1.0.0',
    ...(supports(v, 'titles') ? { title: 'Corpus' } : {}),
    ...(supports(v, 'icons') ? { icons: [{ src: 'https://example.com/icon.png', mimeType: 'image/png', sizes: ['48x48'] }] } : {}),
  };
  const tool = {
    name: 'get_weather',
    description: 'Get the weather',
    inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    ...(supports(v, 'toolAnnotations') ? { annotations: { readOnlyHint: true, openWorldHint: false } } : {}),
    ...(supports(v, 'structuredContent')
      ? { title: 'Weather', outputSchema: { type: 'object', properties: { celsius: { type: 'number' } } } }
      : {}),
  };

  if (supports(v, 'initialize')) {
    exchange(C2S, 'initialize', { protocolVersion: v, capabilities: { roots: { listChanged: true }, sampling: {} }, clientInfo: implementation }, [
      {
        protocolVersion: v,
        capabilities: { tools: { listChanged: true }, resources: { subscribe: true }, prompts: {}, logging: {} },
        serverInfo: implementation,
        instructions: 'Use get_weather.',
      },
    ]);
    notify(C2S, 'notifications/initialized');
  }
  if (supports(v, 'ping')) {
    exchange(C2S, 'ping', undefined, [{}]);
    exchange(S2C, 'ping', undefined, [{}]);
  }
  if (supports(v, 'discover')) {
    exchange(C2S, 'server/discover', {}, [
      { ...complete, ...cached, ...serverInfoMeta, supportedVersions: [v], capabilities: { tools: {} }, instructions: 'Hi' },
    ]);
  }
  exchange(C2S, 'tools/list', modern ? {} : undefined, [{ ...complete, ...cached, tools: [tool], nextCursor: 'c2' }]);
  exchange(C2S, 'tools/list', { cursor: 'c2' }, [{ ...complete, ...cached, tools: [] }]);
  const toolResults: object[] = [
    { ...complete, content: blocks, isError: false },
    { ...complete, content: [{ type: 'text', text: 'bad city' }], isError: true },
  ];
  if (supports(v, 'structuredContent')) toolResults.push({ ...complete, content: [text], structuredContent: { celsius: 21 } });
  if (modern) {
    toolResults.push({ ...complete, content: [text], structuredContent: [1, 2] });
    toolResults.push({
      resultType: 'input_required',
      inputRequests: {
        ask: { method: 'elicitation/create', params: { message: 'City?', requestedSchema: { type: 'object', properties: { city: { type: 'string' } } } } },
        llm: { method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: text }], maxTokens: 50 } },
        roots: { method: 'roots/list' },
      },
      requestState: 'opaque',
    });
  }
  exchange(C2S, 'tools/call', { name: 'get_weather', arguments: { city: 'Paris' } }, toolResults);
  if (modern) {
    exchange(
      C2S,
      'tools/call',
      {
        name: 'get_weather',
        arguments: {},
        requestState: 'opaque',
        inputResponses: {
          ask: { action: 'accept', content: { city: 'Paris' } },
          llm: { role: 'assistant', content: text, model: 'm' },
          roots: { roots: [{ uri: 'file:///home' }] },
        },
      },
      [{ ...complete, content: [text] }],
    );
  }
  exchange(C2S, 'resources/list', modern ? {} : undefined, [
    { ...complete, ...cached, resources: [{ uri: 'file:///project/a.txt', name: 'a.txt', mimeType: 'text/plain', size: 1 }] },
  ]);
  exchange(C2S, 'resources/templates/list', modern ? {} : undefined, [
    { ...complete, ...cached, resourceTemplates: [{ uriTemplate: 'file:///project/{path}', name: 'files' }] },
  ]);
  exchange(C2S, 'resources/read', { uri: 'file:///project/a.txt' }, [
    {
      ...complete,
      ...cached,
      contents: [
        { uri: 'file:///project/a.txt', mimeType: 'text/plain', text: 'a' },
        { uri: 'file:///project/b.bin', blob: 'AAECAw==' },
      ],
    },
  ]);
  if (supports(v, 'resourceSubscribe')) {
    exchange(C2S, 'resources/subscribe', { uri: 'file:///project/a.txt' }, [{}]);
    exchange(C2S, 'resources/unsubscribe', { uri: 'file:///project/a.txt' }, [{}]);
  }
  if (supports(v, 'subscriptionsListen')) {
    exchange(C2S, 'subscriptions/listen', { notifications: { toolsListChanged: true, resourceSubscriptions: ['file:///a'] } }, [
      { resultType: 'complete', _meta: { 'io.modelcontextprotocol/subscriptionId': 'sub-1' } },
    ]);
    notify(S2C, 'notifications/subscriptions/acknowledged', {
      _meta: { 'io.modelcontextprotocol/subscriptionId': 'sub-1' },
      notifications: { toolsListChanged: true },
    });
  }
  exchange(C2S, 'prompts/list', modern ? {} : undefined, [
    { ...complete, ...cached, prompts: [{ name: 'greet', description: 'Greets', arguments: [{ name: 'who', required: true }] }] },
  ]);
  exchange(C2S, 'prompts/get', { name: 'greet', arguments: { who: 'you' } }, [
    { ...complete, description: 'Greeting', messages: [{ role: 'user', content: text }, { role: 'assistant', content: embedded }] },
  ]);
  if (supports(v, 'setLevel')) exchange(C2S, 'logging/setLevel', { level: 'warning' }, [{}]);
  exchange(
    C2S,
    'completion/complete',
    {
      ref: { type: 'ref/prompt', name: 'greet' },
      argument: { name: 'who', value: 'y' },
      ...(supports(v, 'completionContext') ? { context: { arguments: { other: 'x' } } } : {}),
    },
    [{ ...complete, completion: { values: ['you', 'yours'], total: 2, hasMore: false } }],
  );
  exchange(C2S, 'completion/complete', { ref: { type: 'ref/resource', uri: 'file:///project/{path}' }, argument: { name: 'path', value: 'a' } }, [
    { ...complete, completion: { values: [] } },
  ]);
  if (supports(v, 'serverRequests')) {
    exchange(S2C, 'sampling/createMessage', {
      messages: [{ role: 'user', content: text }],
      maxTokens: 100,
      modelPreferences: { hints: [{ name: 'claude' }], costPriority: 0.2 },
      includeContext: 'none',
      temperature: 0.7,
    }, [{ role: 'assistant', content: text, model: 'model-1', stopReason: 'endTurn' }]);
    exchange(S2C, 'roots/list', undefined, [{ roots: [{ uri: 'file:///home/user', name: 'home' }] }]);
    if (supports(v, 'elicitation')) {
      exchange(S2C, 'elicitation/create', {
        message: 'Your name?',
        requestedSchema: {
          type: 'object',
          properties: { name: { type: 'string', minLength: 1 }, age: { type: 'integer', minimum: 0 }, ok: { type: 'boolean' } },
          required: ['name'],
        },
      }, [{ action: 'accept', content: { name: 'Ada', age: 36, ok: true } }, { action: 'decline' }]);
    }
    if (supports(v, 'urlElicitation')) {
      exchange(S2C, 'elicitation/create', { mode: 'url', message: 'Log in', url: 'https://example.com/login', elicitationId: 'e-1' }, [
        { action: 'accept' },
      ]);
      notify(S2C, 'notifications/elicitation/complete', { elicitationId: 'e-1' });
    }
  }
  if (supports(v, 'tasks')) {
    const task = { taskId: 't-1', status: 'working', createdAt: '2025-11-25T00:00:00Z', lastUpdatedAt: '2025-11-25T00:00:00Z', ttl: null };
    exchange(C2S, 'tasks/get', { taskId: 't-1' }, [task]);
    exchange(C2S, 'tasks/list', undefined, [{ tasks: [task] }]);
    exchange(C2S, 'tasks/cancel', { taskId: 't-1' }, [{ ...task, status: 'cancelled' }]);
    exchange(C2S, 'tasks/result', { taskId: 't-1' }, [{ content: [text] }]);
    notify(S2C, 'notifications/tasks/status', { ...task, status: 'completed' });
  }
  notify(C2S, 'notifications/cancelled', { requestId: 1, reason: 'user cancelled' });
  notify(S2C, 'notifications/cancelled', { requestId: 'abc' });
  notify(S2C, 'notifications/progress', { progressToken: 'p-1', progress: 1, total: 2, ...(supports(v, 'progressMessage') ? { message: 'half' } : {}) });
  if (!modern) notify(C2S, 'notifications/progress', { progressToken: 7, progress: 0.5 });
  notify(S2C, 'notifications/message', { level: 'error', logger: 'db', data: { error: 'Connection failed' } });
  notify(S2C, 'notifications/message', { level: 'debug', data: 'plain string' });
  notify(S2C, 'notifications/resources/updated', { uri: 'file:///project/a.txt' });
  notify(S2C, 'notifications/resources/list_changed');
  notify(S2C, 'notifications/prompts/list_changed', {});
  notify(S2C, 'notifications/tools/list_changed');
  if (!modern) notify(C2S, 'notifications/roots/list_changed');

  entries.push({ name: 'method-not-found error', direction: S2C, message: { jsonrpc: '2.0', id: 99, error: { code: -32601, message: 'Method not found' } } });
  entries.push({ name: 'error with data', direction: S2C, message: { jsonrpc: '2.0', id: 'x', error: { code: -32602, message: 'Invalid params', data: { field: 'uri' } } } });
  if (supports(v, 'errorIdOptional')) {
    entries.push({ name: 'id-less parse error', direction: S2C, message: { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' } } });
  }
  if (modern) {
    entries.push({
      name: 'unsupported protocol version error',
      direction: S2C,
      message: { jsonrpc: '2.0', id: 5, error: { code: -32022, message: 'Unsupported protocol version', data: { supported: [v], requested: '1999-01-01' } } },
    });
  }
  return entries;
}
