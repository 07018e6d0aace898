/**
 * A bare JSON-RPC peer over a child process's stdio, for checking what real servers send: it records every message
 * the server writes, answers nothing on its own, and remembers which method each of its requests called.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createLineDecoder, encodeLine } from '../../../src/protocol/framing.js';

/** One message the server wrote, with the method of the request it answers (if it is a response to ours). */
export interface ReceivedMessage {
  readonly message: unknown;
  readonly requestMethod?: string;
}

/** A running server and the messages it sent. */
export interface StdioPeer extends AsyncDisposable {
  readonly received: ReceivedMessage[];
  /** Sends a request and waits (at most `timeoutMs`) for its response. */
  request(method: string, params?: object, timeoutMs?: number): Promise<Record<string, unknown>>;
  notify(method: string, params?: object): void;
}

const CLOSE_GRACE_MS = 2_000;

/** Starts `node <script> ...args` and talks JSON-RPC to it over stdio. */
export function startStdioPeer(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): StdioPeer {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
  child.stderr.resume();
  const received: ReceivedMessage[] = [];
  const methods = new Map<number, string>();
  const waiting = new Map<number, (message: Record<string, unknown>) => void>();
  let nextId = 1;
  const decoder = createLineDecoder({
    onLine: (line) => {
      if (line.trim() === '') return;
      const message = JSON.parse(line) as Record<string, unknown>;
      const id = typeof message.id === 'number' && !('method' in message) ? message.id : undefined;
      const requestMethod = id === undefined ? undefined : methods.get(id);
      received.push(requestMethod === undefined ? { message } : { message, requestMethod });
      if (id !== undefined) waiting.get(id)?.(message);
    },
  });
  child.stdout.on('data', (chunk: Buffer) => decoder.push(chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    received,
    request(method, params, timeoutMs = 10_000) {
      const id = nextId++;
      methods.set(id, method);
      child.stdin.write(encodeLine({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no response to ${method} within ${timeoutMs} ms`)), timeoutMs);
        waiting.set(id, (message) => {
          clearTimeout(timer);
          resolve(message);
        });
      });
    },
    notify(method, params) {
      child.stdin.write(encodeLine({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) }));
    },
    async [Symbol.asyncDispose]() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_GRACE_MS);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
}
