import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { mockServerCommand } from '../../../src/mocks/index.js';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function connect(file: string, capabilities = {}): Promise<{ client: Client; transport: StdioClientTransport }> {
  const client = new Client({ name: 'sdk-test', version: '1.0.0' }, { capabilities });
  const transport = new StdioClientTransport({ ...mockServerCommand(file), stderr: 'pipe' });
  clients.push(client);
  await client.connect(transport);
  return { client, transport };
}

describe('stdio mock served to the SDK client', () => {
  it('serves the everything mock: tools, resources, prompts, sampling and elicitation', async () => {
    const { client } = await connect('everything', { sampling: {}, elicitation: {} });
    expect(client.getServerVersion()?.name).toBe('mcp-conform-everything');
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('test_simple_text');
    expect(await client.callTool({ name: 'test_simple_text', arguments: {} })).toEqual({
      content: [{ type: 'text', text: 'This is a simple text response for testing.' }],
    });
    const text = await client.readResource({ uri: 'test://static-text' });
    expect(text.contents[0]).toMatchObject({ uri: 'test://static-text', mimeType: 'text/plain' });
    const prompt = await client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'a', arg2: 'b' } });
    expect(JSON.stringify(prompt.messages)).toContain("arg1='a'");

    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: 'assistant',
      content: { type: 'text', text: 'forty-two' },
      model: 'm',
    }));
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { username: 'u', email: 'e@x' } }));
    expect(await client.callTool({ name: 'test_sampling', arguments: { prompt: 'q' } })).toEqual({
      content: [{ type: 'text', text: 'LLM response: forty-two' }],
    });
    const elicited = await client.callTool({ name: 'test_elicitation', arguments: { message: 'who?' } });
    expect(JSON.stringify(elicited)).toContain('action=accept');
  });

  it('delivers log notifications, and progress notifications before the response', async () => {
    const { client, transport } = await connect('everything');
    const wire: unknown[] = [];
    const deliver = transport.onmessage!;
    transport.onmessage = (message) => {
      wire.push(message);
      deliver(message);
    };
    const logs: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params.data));
    await client.setLoggingLevel('debug');
    const progress: number[] = [];
    await client.callTool({ name: 'test_tool_with_logging', arguments: {} });
    await client.callTool({ name: 'test_tool_with_progress', arguments: {} }, undefined, { onprogress: (p) => void progress.push(p.progress) });
    expect(logs).toEqual(['Tool execution started', 'Tool processing data', 'Tool execution completed']);
    // On the wire: 0, 50, 100, then the response. The SDK client hands its onprogress callback only 0 and 50: it
    // dispatches notifications a microtask late and drops the progress handler as soon as the response arrives.
    const onWire = wire.filter((m) => (m as { method?: string }).method === 'notifications/progress' || 'result' in (m as object));
    expect(onWire.slice(-4).map((m) => (m as { params?: { progress?: number } }).params?.progress ?? 'response')).toEqual([0, 50, 100, 'response']);
    expect(progress.slice(0, 2)).toEqual([0, 50]);
  });

  it('serves a TypeScript fixture, whose crash fault exits the process with its code', async () => {
    const { client, transport } = await connect(`${FIXTURES}echo-server.ts`);
    expect(await client.callTool({ name: 'echo', arguments: { text: 'hi' } })).toEqual({ content: [{ type: 'text', text: 'echo: hi' }] });
    const exited = new Promise<number | null>((resolve) => {
      const child = (transport as unknown as { _process?: import('node:child_process').ChildProcess })._process!;
      child.once('exit', (code) => resolve(code));
    });
    const call = client.callTool({ name: 'crash', arguments: {} });
    expect(await exited).toBe(3);
    await expect(call).rejects.toThrow(/Connection closed/);
  });

  it('serves a JSON fixture with its declared fault, once', async () => {
    const { client } = await connect(`${FIXTURES}static-server.json`);
    await expect(client.callTool({ name: 'hello', arguments: {} })).rejects.toThrow(/Injected once/);
    expect(await client.callTool({ name: 'hello', arguments: {} })).toEqual({ content: [{ type: 'text', text: 'hello from JSON' }] });
    const prompt = await client.getPrompt({ name: 'greet', arguments: { who: 'Ada' } });
    expect(prompt.messages[0]!.content).toEqual({ type: 'text', text: 'Hello Ada' });
  });
});
