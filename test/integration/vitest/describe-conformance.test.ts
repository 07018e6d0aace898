/**
 * describeConformance, proven by running fixture suites in a nested vitest (`startVitest`) and reading each test's
 * outcome: a failed check fails its test with the check's message, a skipped one skips with the reason.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startVitest } from 'vitest/node';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/ping#behavior-requirements';

interface Outcome {
  state: string;
  errors: string[];
  note: string | undefined;
  annotations: string[];
}

/** Runs one fixture file in a nested vitest and returns each test's outcome by full name. */
async function runFixture(file: string, testNamePattern?: string): Promise<Map<string, Outcome>> {
  const exitCode = process.exitCode;
  const vitest = await startVitest('test', [], {
    root: FIXTURES,
    config: false,
    include: [file],
    watch: false,
    reporters: [],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    ...(testNamePattern ? { testNamePattern } : {}),
  });
  try {
    const outcomes = new Map<string, Outcome>();
    for (const module of vitest.state.getTestModules()) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        outcomes.set(test.fullName, {
          state: result.state,
          errors: (result.errors ?? []).map((e) => e.message),
          note: result.state === 'skipped' ? result.note : undefined,
          annotations: test.annotations().map((a) => `${a.type}: ${a.message}`),
        });
      }
    }
    return outcomes;
  } finally {
    await vitest.close();
    // A nested run that fails sets the exit code of this process; the outer run's verdict is its own.
    process.exitCode = exitCode;
  }
}

describe('against the everything mock over http and stdio', () => {
  let outcomes: Map<string, Outcome>;
  beforeAll(async () => {
    outcomes = await runFixture('everything.fixture.ts');
  }, 60_000);

  it('names one test per check and version, and each passes', () => {
    expect([...outcomes.keys()]).toEqual([
      'everything over http > 2025-11-25 > ping/responds-empty',
      'everything over http > 2025-11-25 > tools/list-valid',
      'everything over http > 2025-11-25 > prompts/list-valid',
      'everything over stdio > 2025-11-25 > ping/responds-empty',
    ]);
    for (const outcome of outcomes.values()) expect(outcome).toEqual({ state: 'passed', errors: [], note: undefined, annotations: [] });
  });
});

describe('against a mock that violates ping', () => {
  let outcomes: Map<string, Outcome>;
  beforeAll(async () => {
    outcomes = await runFixture('violations.fixture.ts');
  }, 60_000);

  it('fails the violated check with its message and specification link', () => {
    expect(outcomes.get('a server with a chatty ping > 2025-11-25 > ping/responds-empty')).toEqual({
      state: 'failed',
      errors: [
        'failed ping/responds-empty (2025-11-25): ping (no params) got a result with "pong"; it must be empty; ' +
          'ping (params {}) got a result with "pong"; it must be empty; ping (params {"_meta":{}}) got a result with "pong"; it must be empty' +
          '\n    https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/ping#behavior-requirements',
      ],
      note: undefined,
      annotations: [],
    });
  });

  it('passes what the server does right, and skips what does not apply with the reason', () => {
    expect(outcomes.get('a server with a chatty ping > 2025-11-25 > tools/list-valid')!.state).toBe('passed');
    const prompts = outcomes.get('a server with a chatty ping > 2025-11-25 > prompts/list-valid')!;
    expect(prompts).toEqual({ state: 'skipped', errors: [], note: 'the server did not declare the prompts capability in 2025-11-25', annotations: [] });
  });

  it('skips every test of a declared version the server refuses, saying so', () => {
    for (const id of ['ping/responds-empty', 'tools/list-valid', 'prompts/list-valid']) {
      const outcome = outcomes.get(`a server with a chatty ping > 2025-06-18 > ${id}`)!;
      expect(outcome).toEqual({
        state: 'skipped',
        errors: [],
        note: 'the server does not accept protocol version 2025-06-18 (initialize answered protocolVersion "2025-11-25")',
        annotations: [],
      });
    }
  });
});

describe('checks that warn, error, or are in a baseline', () => {
  let outcomes: Map<string, Outcome>;
  beforeAll(async () => {
    outcomes = await runFixture('graded.fixture.ts');
  }, 60_000);

  it('passes a warned check with a warning annotation, or fails it when strict', () => {
    expect(outcomes.get('graded > graded/warns')).toEqual({
      state: 'passed',
      errors: [],
      note: undefined,
      annotations: [`warning: the server sent no hint (${SPEC})`],
    });
    expect(outcomes.get('graded, strict > graded/warns')).toEqual({
      state: 'failed',
      errors: [`warned graded/warns: the server sent no hint\n    ${SPEC}`],
      note: undefined,
      annotations: [],
    });
  });

  it('passes an expected failure with a notice, and fails a stale baseline entry', () => {
    expect(outcomes.get('graded > graded/known-failure')).toEqual({
      state: 'passed',
      errors: [],
      note: undefined,
      annotations: ['notice: expected failure (baseline): known bug'],
    });
    expect(outcomes.get('graded > graded/fixed')).toEqual({
      state: 'failed',
      errors: [`passed graded/fixed: works now\n    ${SPEC}\n  The baseline lists it as an expected failure, but it did not fail: remove it from the baseline.`],
      note: undefined,
      annotations: [],
    });
  });

  it('fails an errored check: a harness fault is never a pass', () => {
    expect(outcomes.get('graded > graded/observes-nothing')).toEqual({
      state: 'failed',
      errors: [`errored graded/observes-nothing: the check recorded no observation, so it cannot pass (a harness bug)\n    ${SPEC}`],
      note: undefined,
      annotations: [],
    });
  });
});

describe('with a test name filter', () => {
  it('runs only the checks whose tests will run', async () => {
    const outcomes = await runFixture('filtered.fixture.ts', '2025-11-25.{1,3}filtered/a|report:');
    expect(Object.fromEntries([...outcomes].map(([name, o]) => [name, o.state]))).toEqual({
      'filtered > 2025-06-18 > filtered/a': 'skipped',
      'filtered > 2025-06-18 > filtered/b': 'skipped',
      'filtered > 2025-11-25 > filtered/a': 'passed',
      'filtered > 2025-11-25 > filtered/b': 'skipped',
      'report: only the chosen check ran, in the chosen version': 'passed',
    });
  }, 60_000);
});
