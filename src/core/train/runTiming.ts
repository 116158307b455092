/**
 * How long a run has trained: the time between each start (or resume) and the pause, end or failure after it,
 * summed — waiting while paused or after the tab was closed does not count. Pure and serializable (epoch
 * milliseconds), so the job record keeps it and a reload shows the same figure.
 */
import { assertNever } from '../errors';
import type { TrainerEvent } from './events';

export interface RunTiming {
  /** Milliseconds of training in the segments that have ended. */
  activeMs: number;
  /** When the running segment began (epoch ms), or null when the run is not running. */
  runningSince: number | null;
}

export const NO_TIMING: RunTiming = { activeMs: 0, runningSince: null };

/** Closes a running segment at `at` (a pause, the end, or the last moment a cut-off run was seen). */
export function stopTiming(t: RunTiming, at: number): RunTiming {
  return t.runningSince === null ? t : { activeMs: t.activeMs + Math.max(0, at - t.runningSince), runningSince: null };
}

export function advanceTiming(t: RunTiming | undefined, e: TrainerEvent, now: number): RunTiming {
  const timing = t ?? NO_TIMING;
  switch (e.type) {
    case 'started': case 'resumed':
      return timing.runningSince === null ? { ...timing, runningSince: now } : timing;
    case 'paused': case 'done': case 'error':
      return stopTiming(timing, now);
    case 'step': case 'evaluation': case 'checkpoint': case 'unfrozen': case 'warning':
      return timing;
    default:
      return assertNever(e, 'trainer event');
  }
}

/** Seconds trained by `now` (the running segment counted up to now). */
export function trainedSeconds(t: RunTiming | undefined, now: number): number {
  if (!t) return 0;
  return (t.activeMs + (t.runningSince === null ? 0 : Math.max(0, now - t.runningSince))) / 1000;
}
