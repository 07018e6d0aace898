/**
 * A stdio transport started before anyone asked for it (see StdioTarget.prestart): the server loads while the harness
 * is still loading its checks, on a CPU that would otherwise sit idle. Until the session that takes it calls
 * `start()`, everything the server does is kept, in order (messages, errors, its exit), and handed over then, so
 * that the session sees exactly what it would have seen had it started the server itself; the wire log has every
 * frame from the spawn on, as always.
 */
import type { StdioClientTransport } from '../client/transports/stdio.js';
import type { JsonRpcMessage } from '../protocol/jsonrpc.js';
import type { MessageExtraInfo, ObservableTransport } from '../protocol/transport.js';
import type { WireLog } from '../protocol/wire.js';

type Held = { kind: 'message'; message: JsonRpcMessage; extra?: MessageExtraInfo } | { kind: 'error'; error: Error } | { kind: 'close' };

/** A started stdio transport that holds what happens until its session attaches. */
export class PrestartedTransport implements ObservableTransport {
  readonly kind = 'stdio' as const;
  onmessage?: (message: JsonRpcMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;

  readonly #inner: StdioClientTransport;
  readonly #started: Promise<void>;
  /** What happened before the session attached; undefined once it has. */
  #held: Held[] | undefined = [];
  #taken = false;

  /** Starts `inner` now (it must be new). */
  constructor(inner: StdioClientTransport) {
    this.#inner = inner;
    inner.onmessage = (message, extra) => this.#deliver({ kind: 'message', message, ...(extra ? { extra } : {}) });
    inner.onerror = (error) => this.#deliver({ kind: 'error', error });
    inner.onclose = () => this.#deliver({ kind: 'close' });
    this.#started = inner.start();
    // A spawn that failed is the session's to report, when it starts; until then it is no unhandled rejection.
    this.#started.catch(() => undefined);
  }

  get wire(): WireLog {
    return this.#inner.wire;
  }

  /** The server's process id, once spawned. */
  get pid(): number | undefined {
    return this.#inner.pid;
  }

  /** See StdioClientTransport.setPriority. */
  setPriority(priority: number): boolean {
    return this.#inner.setPriority(priority);
  }

  /**
   * Resolves once the server has spawned (rejects as StdioClientTransport.start does when it could not be), then
   * hands over what the server sent meanwhile, in order. Once only, like every transport's start.
   */
  async start(): Promise<void> {
    if (this.#taken) return this.#inner.start(); // rejects: it was already started
    this.#taken = true;
    await this.#started;
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const event of held) this.#emit(event);
  }

  send(message: JsonRpcMessage | JsonRpcMessage[]): Promise<void> {
    return this.#inner.send(message);
  }

  sendRaw(frame: string): Promise<void> {
    return this.#inner.sendRaw(frame);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  #deliver(event: Held): void {
    if (this.#held) this.#held.push(event);
    else this.#emit(event);
  }

  #emit(event: Held): void {
    if (event.kind === 'message') this.onmessage?.(event.message, event.extra);
    else if (event.kind === 'error') this.onerror?.(event.error);
    else this.onclose?.();
  }
}
