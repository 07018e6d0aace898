/**
 * How busy the machine is with work other than this process's, measured over the recent past rather than averaged
 * over a minute: the runner lowers its version servers' priority only on a machine that has CPU to spare (see
 * RunConformanceOptions.prioritizeHandshake), and a 1-minute load average mostly measures the runs that came just before
 * (a CI job's previous step, or the previous round of a benchmark), which have ended.
 */
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

/** Taken when this module is first loaded: a command-line run decides tens of milliseconds later. */
let baseline = sampleCpu();

/**
 * Whether the machine has CPU to spare: other processes used less than a quarter of its CPUs since the last call (or
 * since this module was loaded, the first time): one busy process on a 2-core machine is too many. Where that window is
 * under {@link MIN_SAMPLE_WINDOW_MS} or over {@link MAX_SAMPLE_WINDOW_MS}, it falls back to the 1-minute load average
 * (below half the CPUs), which lags: it still counts work that has ended.
 */
export function machineIsIdle(now: CpuSample = sampleCpu(), from: CpuSample = baseline): boolean {
  const load = otherLoad(from, now);
  baseline = now;
  return load === undefined ? loadavg()[0]! < availableParallelism() / 2 : load < availableParallelism() / 4;
}
