import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SAMPLE_WINDOW_MS, MIN_SAMPLE_WINDOW_MS, judgeIdle, machineIsIdle, otherLoad, runnableNow, sampleCpu, type CpuSample } from './machine-load.js';

const cpus = availableParallelism();
const sample = (at: number, machineBusyMs: number, ownMs = 0): CpuSample => ({ at, machineBusyMs, ownMs });

describe('otherLoad', () => {
  it("counts the machine's busy time minus this process's own, in CPUs' worth", () => {
    expect(otherLoad(sample(0, 1_000, 50), sample(200, 1_300, 150))).toBeCloseTo(1);
    // This process alone kept the machine busy: nobody else.
    expect(otherLoad(sample(0, 0, 0), sample(100, 100, 120))).toBe(0);
  });

  it('says nothing about a window too short to count or too long to matter, or counters that went backwards', () => {
    expect(otherLoad(sample(0, 0), sample(MIN_SAMPLE_WINDOW_MS - 1, 500))).toBeUndefined();
    expect(otherLoad(sample(0, 0), sample(MAX_SAMPLE_WINDOW_MS + 1, 500))).toBeUndefined();
    expect(otherLoad(sample(0, 500), sample(100, 400))).toBeUndefined();
  });
});

describe('judgeIdle', () => {
  it('is idle below a quarter of the CPUs used by other processes, busy from there on', () => {
    const window = 1_000;
    expect(judgeIdle(sample(0, 0), sample(window, window * cpus * 0.2), [])).toBe(true);
    expect(judgeIdle(sample(0, 0), sample(window, window * cpus * 0.3), [])).toBe(false);
    // The harness's own work does not make the machine busy.
    expect(judgeIdle(sample(0, 0), sample(window, window * cpus * 0.9, window * cpus * 0.8), [])).toBe(true);
  });

  it('counts the threads ready to run where the window is too short to measure (the command line decides ~30 ms in)', () => {
    const short = MIN_SAMPLE_WINDOW_MS - 10;
    const busy = 1 + Math.ceil(cpus / 4);
    // The fewer of the two counts, less this thread.
    expect(judgeIdle(sample(0, 0), sample(short, 0), [1, busy + 3])).toBe(true);
    expect(judgeIdle(sample(0, 0), sample(short, 0), [busy, busy + 1])).toBe(false);
    expect(judgeIdle(sample(0, 0), sample(short, 0), [undefined, busy])).toBe(false);
  });

  it('reads the runnable threads from the system where it says (Linux), this one among them', () => {
    const runnable = runnableNow();
    if (process.platform === 'linux') expect(runnable).toBeGreaterThanOrEqual(1);
    else expect(runnable).toBeUndefined();
  });

  describe('against real processes', () => {
    const loops: ChildProcess[] = [];
    afterEach(async () => {
      await Promise.all(loops.splice(0).map((loop) => new Promise((done) => (loop.exitCode !== null || loop.signalCode !== null ? done(undefined) : (loop.once('exit', done), loop.kill('SIGKILL'))))));
    });

    it('sees one busy process per CPU as a busy machine', async () => {
      for (let i = 0; i < cpus; i += 1) loops.push(spawn(process.execPath, ['-e', 'const end = Date.now() + 5000; while (Date.now() < end);'], { stdio: 'ignore' }));
      // Let them start (a Node start is mostly CPU too, which is what is measured), then measure a window of their work.
      await new Promise((done) => setTimeout(done, 300));
      const from = sampleCpu();
      machineIsIdle(); // its window starts here
      await new Promise((done) => setTimeout(done, 300));
      const to = sampleCpu();
      expect(machineIsIdle()).toBe(false);
      expect(otherLoad(from, to)).toBeGreaterThan(cpus / 4);
      expect(judgeIdle(from, to, [])).toBe(false);
    });
  });
});
