/**
 * A view of a shared session for one check that runs alongside others on it (`concurrent: true`): the same session,
 * but every request the check sends gets an id from the runner's range for that session (unless the check names its
 * own), so that the frames of the check can be told apart from its neighbours' for its evidence.
 */
import type { JsonRpcMessage, RequestId } from '../protocol/jsonrpc.js';
import { parseFrame, type WireEvent } from '../protocol/wire.js';
import type { ProbeRequestOptions, ProbeSession } from './probe-session.js';

/** Where the runner's ids for concurrent checks start: far above the session's own counter, so the two never meet. */
export const CONCURRENT_ID_BASE = 1_000_000;

/** One check's view of a shared session. */
export interface SessionView {
  /** The session as the check sees it. */
  readonly session: ProbeSession;
  /** Whether a wire event belongs to the check's own exchanges (its requests, their answers, their progress). */
  owns(event: WireEvent): boolean;
  /**
   * The check's own events among `events`: the frames it {@link owns}, and over HTTP the heads (and stream events) of
   * the exchanges that carried them.
   */
  ownEvents(events: readonly WireEvent[]): WireEvent[];
}

const nextIds = new WeakMap<ProbeSession, number>();
/** A notification's method and params, without the `_meta` a session may add to every message it sends. */
const notificationKey = (method: string, params: Record<string, unknown> | undefined): string => {
  const { _meta, ...rest } = params ?? {};
  return `${method} ${JSON.stringify(rest)}`;
};
const key = (id: unknown): string => `${typeof id}:${String(id)}`;

/**
 * A meeting point for checks that judge a whole session and run at the same time on it (a version's session judges):
 * each member's `collect(ms)` waits until every member still running is collecting too, then all of them listen
 * together for the longest time asked. So each judge reads the session once every judge has provoked what it meant to
 * (the same traffic whatever the order they ran in), and their listening windows overlap instead of adding up.
 */
export interface Gathering {
  /** Adds a member (before it runs: members join together, before any of them can listen). */
  join(options?: GatheringJoinOptions): GatheringMember;
}

/** One check of a {@link Gathering}. */
export interface GatheringMember {
  /** Listens on `session` with the other members (see Gathering); resolves with what arrived in the common window. */
  collect(session: ProbeSession, ms: number): Promise<JsonRpcMessage[]>;
  /** For a late member: resolves once every member that is not late is listening or has left (at once for others). */
  othersListening(): Promise<void>;
  /**
   * The member is done: nobody waits for it any more. A `collect` after this (a check cut off by its time limit whose
   * run goes on) resolves at once, with nothing, and holds nobody back.
   */
  leave(): void;
  /** How long the member has been held back waiting for the others to collect (its own listening not included). */
  heldMs(): number;
}

/** Options of {@link Gathering.join}. */
export interface GatheringJoinOptions {
  /**
   * The member runs after the others have made their requests: {@link GatheringMember.othersListening} resolves once
   * every member that is not late is listening (or has left), and they read only once the late member listens too,
   * so they see its traffic and it comes after theirs. @default false
   */
  late?: boolean;
}

/** Options of {@link createGathering}. */
export interface GatheringOptions {
  /**
   * What the members' reading waits for besides their common window (another session of theirs still under way): a
   * common window ends once it has passed too, so members make their requests and listen meanwhile, and read after.
   */
  until?: Promise<unknown>;
}

/** Creates a gathering. */
export function createGathering(options: GatheringOptions = {}): Gathering {
  /** Each member that has not left: how long it has been held back so far, and since when it is held now. */
  interface Member {
    held: number;
    since?: number;
    late: boolean;
  }
  const active = new Set<Member>();
  /** Late members waiting for the others to listen. */
  let lateWaiting: Array<() => void> = [];
  const othersReady = (): boolean => [...active].every((m) => m.late || m.since !== undefined);
  const startLate = (): void => {
    if (lateWaiting.length === 0 || !othersReady()) return;
    const ready = lateWaiting;
    lateWaiting = [];
    for (const resolve of ready) resolve();
  };
  let waiting: Array<{ member: Member; session: ProbeSession; ms: number; resolve: (messages: JsonRpcMessage[]) => void }> = [];
  const release = (): void => {
    startLate();
    if (waiting.length === 0 || waiting.length < active.size) return;
    const batch = waiting;
    waiting = [];
    const now = performance.now();
    for (const { member } of batch) {
      member.held += now - (member.since ?? now);
      delete member.since;
    }
    const ms = Math.max(...batch.map((w) => w.ms));
    void batch[0]!.session.collect(ms).then(async (messages) => {
      if (options.until) {
        // Waiting for `until` is not the members' own time: they are held, as while waiting for one another.
        const since = performance.now();
        for (const { member } of batch) member.since = since;
        await options.until.catch(() => undefined);
        const now = performance.now();
        for (const { member } of batch) {
          member.held += now - (member.since ?? now);
          delete member.since;
        }
      }
      for (const w of batch) w.resolve(messages);
    });
  };
  return {
    join(options = {}) {
      const member: Member = { held: 0, late: options.late === true };
      active.add(member);
      return {
        collect: (session, ms) =>
          new Promise((resolve) => {
            if (!active.has(member)) return resolve([]);
            member.since = performance.now();
            waiting.push({ member, session, ms, resolve });
            release();
          }),
        othersListening: () =>
          new Promise<void>((resolve) => {
            if (!member.late || othersReady()) return resolve();
            lateWaiting.push(resolve);
          }),
        leave() {
          if (!active.delete(member)) return;
          release();
        },
        heldMs: () => member.held + (member.since === undefined ? 0 : performance.now() - member.since),
      };
    },
  };
}

/**
 * The session as a member of a gathering sees it: the same session (its requests keep the session's own ids, and the
 * member judges all of its traffic), whose `collect` listens through the gathering.
 */
export function gatheredSession(session: ProbeSession, member: GatheringMember): ProbeSession {
  return new Proxy(session, {
    get(target, property) {
      if (property === 'collect') return (ms: number) => member.collect(target, ms);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Options of {@link createSessionView}. */
export interface SessionViewOptions {
  /**
   * The check is the only one on the session that may send raw frames or provoke null-id answers (checks with
   * `besideConcurrent` or `sharedOrder: 'first'` run one at a time beside well-formed concurrent requests): the frames
   * it sends raw are its own, with the answers to the ids they carry, and so is every response with a null id (no
   * well-formed request provokes one). @default false
   */
  ownsUnattributed?: boolean;
  /**
   * Told once, when the check first listens (calls `collect`): the runner holds a lane's concurrent checks back until
   * its `first` check has had its marker answered on an otherwise quiet session, and lets them start while it listens.
   */
  onListen?: () => void;
}

/**
 * Creates a check's view of `session`. Requests without an id get the next id of the session's concurrent range;
 * the ids and progress tokens the check uses are remembered, and {@link SessionView.owns} matches frames against them.
 */
export function createSessionView(session: ProbeSession, options: SessionViewOptions = {}): SessionView {
  const ids = new Set<string>();
  const tokens = new Set<string>();
  /** The frames sent raw through the view, as the wire records them (without the newline). */
  const raws = new Set<string>();
  /** The notifications the check sent (method and params): no id tells them apart. */
  const notifications = new Set<string>();
  const request = (method: string, params?: Record<string, unknown>, options: ProbeRequestOptions = {}) => {
    let id: RequestId | undefined = options.id;
    if (id === undefined) {
      id = nextIds.get(session) ?? CONCURRENT_ID_BASE;
      nextIds.set(session, id + 1);
    }
    ids.add(key(id));
    const token = (params?._meta as { progressToken?: unknown } | undefined)?.progressToken;
    if (token !== undefined) tokens.add(key(token));
    return session.request(method, params, { ...options, id });
  };
  const notify = (method: string, params?: Record<string, unknown>) => {
    const requestId = params?.requestId;
    if (requestId !== undefined) ids.add(key(requestId));
    notifications.add(notificationKey(method, params));
    return session.notify(method, params);
  };
  const sendRaw = (frame: string) => {
    const text = frame.replace(/\r?\n$/, '');
    raws.add(text);
    // Not JSON: only the frame itself is the check's.
    const { message } = parseFrame(text);
    for (const item of Array.isArray(message) ? message : [message]) {
      const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
      if (id !== undefined && id !== null) ids.add(key(id));
    }
    return session.sendRaw(frame);
  };
  let onListen = options.onListen;
  const collect = (ms: number) => {
    const listening = onListen;
    onListen = undefined;
    listening?.();
    return session.collect(ms);
  };
  const view = new Proxy(session, {
    get(target, property) {
      if (property === 'request') return request;
      if (property === 'collect' && options.onListen) return collect;
      if (property === 'notify') return notify;
      if (property === 'sendRaw' && options.ownsUnattributed) return sendRaw;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const owns = (event: WireEvent): boolean => {
    if (event.kind !== 'frame') return false;
    if (options.ownsUnattributed && event.direction === 'out' && raws.has(event.raw)) return true;
    if (event.message === undefined) return false;
    const items = Array.isArray(event.message) ? event.message : [event.message];
    return items.some((item) => {
      if (typeof item !== 'object' || item === null) return false;
      const m = item as { id?: unknown; params?: { requestId?: unknown; progressToken?: unknown } };
      if (m.id !== undefined && m.id !== null && ids.has(key(m.id))) return true;
      if (event.direction === 'out' && m.id === undefined && typeof (m as { method?: unknown }).method === 'string') {
        if (notifications.has(notificationKey((m as { method: string }).method, m.params as Record<string, unknown> | undefined))) return true;
      }
      if (options.ownsUnattributed && m.id === null && event.direction === 'in') return true;
      const params = typeof m.params === 'object' && m.params !== null ? m.params : undefined;
      return (params?.requestId !== undefined && ids.has(key(params.requestId))) || (params?.progressToken !== undefined && tokens.has(key(params.progressToken)));
    });
  };
  const ownEvents = (events: readonly WireEvent[]): WireEvent[] => {
    const mine = new Set(events.filter(owns));
    const exchanges = new Set<number>();
    for (const event of mine) if (event.kind === 'frame' && event.meta?.exchange !== undefined) exchanges.add(event.meta.exchange);
    return events.filter(
      (event) =>
        mine.has(event) ||
        (event.kind === 'http' && exchanges.has(event.exchange)) ||
        (event.kind === 'lifecycle' && (event.event === 'stream-open' || event.event === 'stream-close') && event.code !== undefined && exchanges.has(event.code)),
    );
  };
  return { session: view, owns, ownEvents };
}
