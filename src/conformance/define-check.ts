/**
 * The check model: a check is data (id, title, requirement ids, level, versions, transports, needs) plus one function.
 * The runner, not the check, turns what the check observed into a result.
 */
import { ConfigError, formatMessage } from '../protocol/errors.js';
import { PROTOCOL_VERSIONS, type ProtocolVersion } from '../protocol/versions.js';
import type { TransportKind } from '../protocol/wire.js';
import type { CheckContext } from './check-context.js';
import type { CheckLevel } from './run-report.js';
import { findRequirement } from './requirements.js';

/** The profile entries a check can need. */
export type ProfileNeed = 'calls' | 'slow' | 'prompts' | 'resources' | 'serverRequests';

/** What a check needs from the target before it can say anything; without it the check is `skipped`. */
export interface CheckNeeds {
  /** A server capability (a top-level key of `capabilities`, e.g. `tools`, `logging`). */
  capability?: string;
  /** A profile entry (ARCHITECTURE.md "Profiles"), or a list of entries any one of which will do. */
  profile?: ProfileNeed | readonly ProfileNeed[];
  /** A protocol version the server accepted when the runner probed it (checked before any server is started). */
  acceptedVersion?: ProtocolVersion;
}

/**
 * How the check gets its session:
 * - `initialized`: a fresh server (process or connection) on which the harness has already done the handshake of the
 *   version under test (legacy: `initialize` + `notifications/initialized`);
 * - `raw`: a fresh server on which nothing has been sent yet (the check drives the handshake itself, and may first
 *   declare client capabilities on the session: see `ProbeSession.declareClientCapabilities`);
 * - `shared`: an initialized session that the check shares with other `shared` checks of the same version, one check
 *   at a time (for speed). A shared check must leave the session usable: no shutdown, no state it cannot undo. When a
 *   shared check kills or hangs the server, the next one gets a fresh session, so the blame stays where it belongs.
 */
export type CheckSessionMode = 'initialized' | 'raw' | 'shared';

/**
 * `per-version`: the check runs once in each protocol version under test; `once`: it runs once per target, before any
 * version is chosen (e.g. version negotiation itself), and its result carries no `protocolVersion`.
 */
export type CheckMatrix = 'per-version' | 'once';

/** The declaration passed to {@link defineCheck}. */
export interface CheckDefinitionInput {
  /** Stable id `<suite>/<behaviour>`, kebab-case; never renamed once released. */
  id: string;
  title: string;
  /** MUST → a violation fails; SHOULD → a violation warns. A check may grade one observation lower (see CheckContext). */
  level: CheckLevel;
  /** Catalogue requirement ids this check verifies (each must exist in the catalogue). */
  requirements: readonly string[];
  /** The protocol versions the check applies to. @default every released version */
  versions?: readonly ProtocolVersion[];
  /** The transports the check applies to. @default every transport */
  transports?: readonly TransportKind[];
  needs?: CheckNeeds;
  /** @default 'initialized' */
  session?: CheckSessionMode;
  /** @default 'per-version' */
  matrix?: CheckMatrix;
  /**
   * For `shared` checks that judge the whole session (every frame so far): the runner runs them after the other
   * shared checks of their version, so that they see what those provoked, and all at the same time (see
   * createGathering): a judge's `ctx.session.collect(ms)` waits until every judge still running is collecting too,
   * then they listen together. A judge listens (`collect(0)` will do) before it reads the session, so that it reads
   * every judge's traffic whatever order they ran in. @default false
   */
  observesSession?: boolean;
  /**
   * Where a `shared` check runs on its version's first lane, whose session is the version probe's:
   * - `first`: before any check that is not `concurrent`, while the session has seen nothing but the handshake and
   *   well-formed requests (a check that must tell the server's answers apart from answers to other checks' raw
   *   frames); the `concurrent` checks wait until it first listens (so that what it sends is answered by a server busy
   *   with no one else's requests), then run beside it, their requests told apart by their ids;
   * - `beside-judges`: after every other check of the version, beside its session judges: it starts once each judge
   *   has made its requests and is listening, and the judges read only once it listens too (it is a late member of
   *   their gathering), so they see its traffic, after their own, whatever the timing (a check that changes the
   *   session's state for good in a way that touches no judge's own requests, e.g. the log level; or one that waits
   *   for silence after messages no id tells apart, once every raw frame of the version has been sent, and shares
   *   the judges' window: it cites its own frames as evidence, since it sees the whole session);
   * - `last`: after every other check of the version, session judges included (a check that changes the session's
   *   state for good, e.g. its lists);
   * - `any`: wherever the runner deals it. @default 'any'
   */
  sharedOrder?: 'first' | 'beside-judges' | 'last' | 'any';
  /**
   * For `shared` checks with `sharedOrder: 'any'` that only send well-formed requests (no raw frames on the session's
   * stream, no state the session keeps: no setLevel, no subscription; over HTTP, exchanges of their own that the server
   * answers on their own responses and that change nothing in the session), judge only the answers to their own
   * requests and their own progress tokens, and never read the session's traffic as a whole: the runner runs such checks of a version at the same
   * time on the shared session, each through a view whose requests get ids of their own, so that the check's
   * evidence is its own frames. A check that failed while a concurrent neighbour broke the session is run again
   * alone, so that the blame stays where it belongs. @default false
   */
  concurrent?: boolean;
  /**
   * For `shared` checks with `sharedOrder: 'any'` that are not `concurrent` (they send raw frames, or wait for
   * silence, so they must not overlap one another) but that tell their own answers apart from any well-formed
   * request's: by ids they chose, by null ids (which no well-formed request provokes), or with `strayResponses`. The
   * runner runs them beside the `concurrent` checks of their lane, one after another behind its `first` checks,
   * instead of after them, so that their silence windows overlap the concurrent checks' round trips; each sees the
   * session through a view, so that its evidence is its own frames. A check that failed while the session broke
   * under it is run again alone. @default false
   */
  besideConcurrent?: boolean;
  /**
   * For `raw` checks that may judge what the runner's probes already saw: the session starts on the check's first
   * use of it, not before the check runs, so a check that needs none costs no server start. @default false
   */
  lazySession?: boolean;
  /**
   * Which of the runner's extra probes the check judges, so that the runner runs that probe when the check is selected
   * (over stdio, where they save server starts): `ping-before-initialize` (the newest legacy version probe sends a ping
   * just before its initialize) or `handshake` (handshake-probe.ts). The check falls back to a session of its own when
   * the probe did not run. @default none
   */
  judgesProbe?: 'ping-before-initialize' | 'handshake';
  /** The check's own time limit (the runner's `--timeout` scales it). @default DEFAULT_CHECK_TIMEOUT_MS */
  timeoutMs?: number;
  /** The specification URL of the sentence the check enforces. */
  spec: string;
  /** Observes the target through `ctx` and records observations and violations. */
  run(ctx: CheckContext): Promise<void>;
}

/** A registered check: the input with every default filled in. */
export interface CheckDefinition extends Readonly<Required<Omit<CheckDefinitionInput, 'needs' | 'timeoutMs' | 'observesSession' | 'sharedOrder' | 'concurrent' | 'besideConcurrent' | 'lazySession' | 'judgesProbe'>>> {
  readonly observesSession: boolean;
  readonly concurrent: boolean;
  readonly besideConcurrent: boolean;
  readonly lazySession: boolean;
  readonly judgesProbe: 'ping-before-initialize' | 'handshake' | undefined;
  readonly sharedOrder: 'first' | 'beside-judges' | 'last' | 'any';
  readonly suite: string;
  readonly needs: CheckNeeds;
  readonly timeoutMs: number | undefined;
}

/** The time a check may take when it names none. @default 20_000 */
export const DEFAULT_CHECK_TIMEOUT_MS = 20_000;

const CHECK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Declares a check. Throws when the id is not `<suite>/<behaviour>` in kebab-case, when a requirement id is not in the
 * catalogue, or when it names no requirement.
 * @example
 * export const pingCheck = defineCheck({
 *   id: 'ping/responds-empty', title: 'ping gets an empty result', level: 'MUST',
 *   requirements: ['ping.respond-empty'], versions: versionsWith('ping'),
 *   spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/ping',
 *   async run(ctx) { … },
 * });
 */
export function defineCheck(input: CheckDefinitionInput): CheckDefinition {
  if (!CHECK_ID.test(input.id)) {
    throw new ConfigError(
      formatMessage(`define the check "${input.id}"`, 'its id is not <suite>/<behaviour> in kebab-case', 'Rename it.'),
    );
  }
  if (input.requirements.length === 0) {
    throw new ConfigError(formatMessage(`define the check "${input.id}"`, 'it names no requirement', 'Cite the catalogue ids it verifies.'));
  }
  for (const requirement of input.requirements) {
    if (!findRequirement(requirement)) {
      throw new ConfigError(
        formatMessage(
          `define the check "${input.id}"`,
          `the requirement "${requirement}" is not in the catalogue`,
          'Use an id from CATALOGUE.md (src/conformance/requirements.ts).',
        ),
      );
    }
  }
  const versions = input.versions ?? PROTOCOL_VERSIONS;
  if (versions.length === 0) {
    throw new ConfigError(formatMessage(`define the check "${input.id}"`, 'it applies to no protocol version', 'List at least one.'));
  }
  return Object.freeze({
    id: input.id,
    suite: input.id.split('/')[0]!,
    title: input.title,
    level: input.level,
    requirements: [...input.requirements],
    versions: [...versions],
    transports: [...(input.transports ?? ['stdio', 'streamable-http', 'sse', 'websocket', 'memory'])],
    needs: { ...input.needs },
    session: input.session ?? 'initialized',
    matrix: input.matrix ?? 'per-version',
    observesSession: input.observesSession ?? false,
    sharedOrder: input.sharedOrder ?? 'any',
    lazySession: input.session === 'raw' && input.lazySession === true,
    judgesProbe: input.judgesProbe,
    concurrent: input.session === 'shared' && (input.sharedOrder ?? 'any') === 'any' && !input.observesSession && input.concurrent === true,
    besideConcurrent:
      input.session === 'shared' && (input.sharedOrder ?? 'any') === 'any' && !input.observesSession && input.concurrent !== true && input.besideConcurrent === true,
    timeoutMs: input.timeoutMs,
    spec: input.spec,
    run: input.run,
  });
}
