/**
 * The `everything` mock: every fixture the official conformance suite's server scenarios call
 * (`@modelcontextprotocol/conformance` 0.1.16, src/scenarios/server/**), with the behaviour each scenario checks.
 * `conformance server --url <this mock>` runs all of them.
 */
import { defineMockServer, type MockServer, type MockServerOptions } from './define-mock-server.js';
import { mcp } from './handlers.js';

/** A 1×1 red PNG. */
export const RED_PIXEL_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

/** A short silent 8 kHz mono 16-bit WAV. */
export const SILENT_WAV_BASE64 = silentWav(80).toString('base64');

function silentWav(samples: number): Buffer {
  const data = samples * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVE', 8);
  b.write('fmt ', 12);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(data, 40);
  return b;
}

const NO_ARGS = { type: 'object', properties: {} };

/**
 * Defines the `everything` mock (a fresh server each call).
 * @example const server = defineEverythingServer(); const { url } = await listen(server);
 */
export function defineEverythingServer(overrides: Partial<MockServerOptions> = {}): MockServer {
  return defineMockServer({
    serverInfo: { name: 'mcp-conform-everything', version: '1.0.0' },
    instructions: 'The mcp-conform everything mock: every fixture of the official conformance suite.',
    faults: [
      // server-sse-polling: "The test_reconnection tool should close the stream before sending the result."
      mcp.fault.cutStream({ method: 'tools/call', name: 'test_reconnection' }, { eventIds: true }),
    ],
    tools: [
      mcp.tool('test_simple_text', NO_ARGS, () => 'This is a simple text response for testing.', {
        description: 'Returns a simple text response',
      }),
      mcp.tool('test_image_content', NO_ARGS, () => [{ type: 'image', data: RED_PIXEL_PNG_BASE64, mimeType: 'image/png' }], {
        description: 'Returns a 1×1 PNG image',
      }),
      mcp.tool('test_audio_content', NO_ARGS, () => [{ type: 'audio', data: SILENT_WAV_BASE64, mimeType: 'audio/wav' }], {
        description: 'Returns a short WAV clip',
      }),
      mcp.tool(
        'test_embedded_resource',
        NO_ARGS,
        () => [
          {
            type: 'resource',
            resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' },
          },
        ],
        { description: 'Returns an embedded resource' },
      ),
      mcp.tool(
        'test_multiple_content_types',
        NO_ARGS,
        () => [
          { type: 'text', text: 'Multiple content types test:' },
          { type: 'image', data: RED_PIXEL_PNG_BASE64, mimeType: 'image/png' },
          {
            type: 'resource',
            resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' },
          },
        ],
        { description: 'Returns text, image and resource content' },
      ),
      mcp.tool(
        'test_tool_with_logging',
        NO_ARGS,
        async (_args, ctx) => {
          ctx.log('info', 'Tool execution started', 'everything');
          await ctx.sleep(50);
          ctx.log('info', 'Tool processing data', 'everything');
          await ctx.sleep(50);
          ctx.log('info', 'Tool execution completed', 'everything');
          return 'Tool with logging executed successfully';
        },
        { description: 'Sends three log messages while it runs' },
      ),
      mcp.tool(
        'test_error_handling',
        NO_ARGS,
        () => ({ isError: true, content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }] }),
        { description: 'Always returns a tool error' },
      ),
      mcp.tool(
        'test_tool_with_progress',
        NO_ARGS,
        async (_args, ctx) => {
          ctx.progress(0, 100);
          await ctx.sleep(50);
          ctx.progress(50, 100);
          await ctx.sleep(50);
          ctx.progress(100, 100);
          return 'Tool with progress executed successfully';
        },
        { description: 'Reports progress 0, 50, 100 of 100' },
      ),
      mcp.tool(
        'test_sampling',
        { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] },
        async ({ prompt }, ctx) => {
          const result = await ctx.sample({
            messages: [{ role: 'user', content: { type: 'text', text: String(prompt) } }],
            maxTokens: 100,
          });
          const content = result.content as { text?: string } | undefined;
          return `LLM response: ${content?.text ?? JSON.stringify(result.content)}`;
        },
        { description: 'Asks the client for an LLM completion' },
      ),
      mcp.tool(
        'test_elicitation',
        { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
        async ({ message }, ctx) => {
          const result = await ctx.elicit({
            message: String(message),
            requestedSchema: {
              type: 'object',
              properties: {
                username: { type: 'string', description: "User's response" },
                email: { type: 'string', description: "User's email address" },
              },
              required: ['username', 'email'],
            },
          });
          return `User response: action=${String(result.action)}, content=${JSON.stringify(result.content ?? {})}`;
        },
        { description: 'Asks the user for input' },
      ),
      mcp.tool(
        'test_elicitation_sep1034_defaults',
        NO_ARGS,
        async (_args, ctx) => {
          const result = await ctx.elicit({
            message: 'Please review and update the form fields with defaults',
            requestedSchema: {
              type: 'object',
              properties: {
                name: { type: 'string', description: 'User name', default: 'John Doe' },
                age: { type: 'integer', description: 'User age', default: 30 },
                score: { type: 'number', description: 'User score', default: 95.5 },
                status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
                verified: { type: 'boolean', description: 'Verification status', default: true },
              },
              required: [],
            },
          });
          return `Elicitation completed: action=${String(result.action)}, content=${JSON.stringify(result.content ?? {})}`;
        },
        { description: 'Elicitation with default values (SEP-1034)' },
      ),
      mcp.tool(
        'test_elicitation_sep1330_enums',
        NO_ARGS,
        async (_args, ctx) => {
          const result = await ctx.elicit({
            message: 'Please select options from the enum fields',
            requestedSchema: {
              type: 'object',
              properties: {
                untitledSingle: { type: 'string', description: 'Untitled single-select', enum: ['option1', 'option2', 'option3'] },
                titledSingle: {
                  type: 'string',
                  description: 'Titled single-select',
                  oneOf: [
                    { const: 'value1', title: 'First Option' },
                    { const: 'value2', title: 'Second Option' },
                    { const: 'value3', title: 'Third Option' },
                  ],
                },
                legacyEnum: {
                  type: 'string',
                  description: 'Legacy titled enum',
                  enum: ['opt1', 'opt2', 'opt3'],
                  enumNames: ['Option One', 'Option Two', 'Option Three'],
                },
                untitledMulti: {
                  type: 'array',
                  description: 'Untitled multi-select',
                  items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
                },
                titledMulti: {
                  type: 'array',
                  description: 'Titled multi-select',
                  items: {
                    anyOf: [
                      { const: 'value1', title: 'First Choice' },
                      { const: 'value2', title: 'Second Choice' },
                      { const: 'value3', title: 'Third Choice' },
                    ],
                  },
                },
              },
              required: [],
            },
          });
          return `Elicitation completed: action=${String(result.action)}, content=${JSON.stringify(result.content ?? {})}`;
        },
        { description: 'Elicitation with every enum form (SEP-1330)' },
      ),
      mcp.tool(
        'json_schema_2020_12_tool',
        {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
          $defs: {
            address: {
              type: 'object',
              properties: { street: { type: 'string' }, city: { type: 'string' } },
            },
          },
          properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
          additionalProperties: false,
        },
        (args) => `JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}`,
        { description: 'A tool whose input schema uses JSON Schema 2020-12 keywords' },
      ),
      mcp.tool(
        'test_reconnection',
        NO_ARGS,
        async (_args, ctx) => {
          await ctx.sleep(100);
          return 'Reconnection test completed successfully';
        },
        { description: 'Closes its SSE stream before answering, so the client resumes with Last-Event-ID' },
      ),
    ],
    resources: [
      mcp.resource('test://static-text', () => 'This is the content of the static text resource.', {
        name: 'Static Text Resource',
        description: 'A static text resource for testing',
        mimeType: 'text/plain',
      }),
      mcp.resource('test://static-binary', () => ({ blob: RED_PIXEL_PNG_BASE64 }), {
        name: 'Static Binary Resource',
        description: 'A static binary resource (PNG)',
        mimeType: 'image/png',
      }),
      mcp.resource('test://watched-resource', () => 'Watched resource content', {
        name: 'Watched Resource',
        description: 'A resource to subscribe to',
        mimeType: 'text/plain',
      }),
      mcp.resource(
        'test://template/{id}/data',
        ({ variables }) => JSON.stringify({ id: variables.id, templateTest: true, data: `Data for ID: ${variables.id}` }),
        {
          name: 'Resource Template',
          description: 'A resource template with an id parameter',
          mimeType: 'application/json',
          complete: { id: (value) => ['123', '456', '789'].filter((v) => v.startsWith(value)) },
        },
      ),
    ],
    prompts: [
      mcp.prompt('test_simple_prompt', [], () => 'This is a simple prompt for testing.', { description: 'A prompt without arguments' }),
      mcp.prompt(
        'test_prompt_with_arguments',
        [
          { name: 'arg1', description: 'First test argument', required: true },
          { name: 'arg2', description: 'Second test argument', required: true },
        ],
        ({ arg1, arg2 }) => `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`,
        {
          description: 'A prompt with two required arguments',
          complete: { arg1: (value) => ['paris', 'park', 'party', 'test', 'testing'].filter((v) => v.startsWith(value)) },
        },
      ),
      mcp.prompt(
        'test_prompt_with_embedded_resource',
        [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
        ({ resourceUri }) => [
          {
            role: 'user',
            content: { type: 'resource', resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } },
          },
          { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
        ],
        { description: 'A prompt that embeds a resource' },
      ),
      mcp.prompt(
        'test_prompt_with_image',
        [],
        () => [
          { role: 'user', content: { type: 'image', data: RED_PIXEL_PNG_BASE64, mimeType: 'image/png' } },
          { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
        ],
        { description: 'A prompt with image content' },
      ),
    ],
    ...overrides,
  });
}
