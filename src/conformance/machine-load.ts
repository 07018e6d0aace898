/**
 * How busy the machine is with work other than this process's, measured over the recent past rather than averaged
 * over a minute: the runner lowers its version servers' priority only on a machine that has CPU to spare (see
 * RunConformanceOptions.prioritizeHandshake), and a 1-minute load average mostly measures the runs that came just before
 * (a CI job's previous step, or the previous round of a benchmark), which have ended.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';

/** The machine's busy CPU time (all CPUs) and this process's own, at one moment. */
export interface CpuSample {
  /** `performance.now()` when taken, in ms. */
  at: number;
  /** CPU time spent by every CPU in anything but idle (and I/O wait), in ms. */
  machineBusyMs: number;
  /** CPU time this process has used (user and system, all its threads), in ms. */
  ownMs: number;
}

/** The shortest window a sample may measure: the system counts CPU time in 10 ms ticks. @default 40 */
export const MIN_SAMPLE_WINDOW_MS = 40;
/** The longest window a sample may measure: beyond it, what the machine did is too old to say how busy it is now. @default 10_000 */
export const MAX_SAMPLE_WINDOW_MS = 10_000;

/** Takes a sample. */
export function sampleCpu(): CpuSample {
  let busy = 0;
  for (const { times } of cpus()) busy += times.user + times.nice + times.sys + times.irq;
  const own = process.cpuUsage();
  return { at: performance.now(), machineBusyMs: busy, ownMs: (own.user + own.system) / 1000 };
}

/**
 * How many CPUs' worth of work other processes did between two samples (0 to the number of CPUs), or undefined when
 * the window is too short to tell (under {@link MIN_SAMPLE_WINDOW_MS}) or too long to matter (over
 * {@link MAX_SAMPLE_WINDOW_MS}), or the counters went backwards.
 */
export function otherLoad(from: CpuSample, to: CpuSample): number | undefined {
  const window = to.at - from.at;
  if (!(window >= MIN_SAMPLE_WINDOW_MS && window <= MAX_SAMPLE_WINDOW_MS)) return undefined;
  const machine = to.machineBusyMs - from.machineBusyMs;
  if (machine < 0) return undefined;
  return Math.max(0, machine - (to.ownMs - from.ownMs)) / window;
}

/**
 * How many threads of the whole machine are running or ready to run right now, this one included (Linux:
 * `/proc/loadavg`'s fourth field), or undefined where the system does not say.
 */
export function runnableNow(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const runnable = Number(/ (\d+)\//.exec(readFileSync('/proc/loadavg', 'utf8'))?.[1]);
    return Number.isInteger(runnable) && runnable > 0 ? runnable : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the machine had CPU to spare between two samples: other processes used less than a quarter of its CPUs; one
 * busy process on a 2-core machine is too many. Where that window is under {@link MIN_SAMPLE_WINDOW_MS} (the command
 * line decides ~30 ms after it starts), it counts the threads ready to run instead, at both samples (Linux; `runnable`):
 * the fewer of the two, less this one, must be under a quarter of the CPUs. Elsewhere, or over
 * {@link MAX_SAMPLE_WINDOW_MS}, the 1-minute load average decides (below half the CPUs), which lags: it still counts work
 * that has ended, such as the runs just before.
 */
export function judgeIdle(from: CpuSample, now: CpuSample, runnable: ReadonlyArray<number | undefined>): boolean {
  const quarter = availableParallelism() / 4;
  const load = otherLoad(from, now);
  if (load !== undefined) return load < quarter;
  const counts = runnable.filter((n): n is number => n !== undefined);
  if (counts.length > 0 && now.at - from.at <= MAX_SAMPLE_WINDOW_MS) return Math.min(...counts) - 1 < quarter;
  return loadavg()[0]! < availableParallelism() / 2;
}

/** The sample and the runnable threads counted when this module was loaded, or at the last {@link machineIsIdle}. */
let last = { sample: sampleCpu(), runnable: runnableNow() };

/**
 * Whether the machine has CPU to spare since the last call, or since this module was loaded the first time (a
 * command-line run decides tens of milliseconds after it starts); see {@link judgeIdle}.
 */
export function machineIsIdle(): boolean {
  const now = { sample: sampleCpu(), runnable: runnableNow() };
  const idle = judgeIdle(last.sample, now.sample, [last.runnable, now.runnable]);
  last = now;
  return idle;
}
