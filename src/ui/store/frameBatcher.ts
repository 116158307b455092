/**
 * Gathers items that arrive one message at a time (the training worker's events) and hands them over
 * together, in order, at most once per animation frame: the page then updates its state and redraws once
 * per frame however many messages came in — after a stall, a backlog of events is one redraw, not one each.
 */
export type FrameScheduler = (run: () => void) => void;

export interface FrameBatcher<T> {
  push(item: T): void;
  /** Hands over what is waiting now, e.g. before reading the state those items build. */
  flush(): void;
}

/** A hidden page gets no animation frames; its batches go out on a timer instead (which browsers slow to ~1/s). */
const HIDDEN_PAGE_MS = 250;

/** The next animation frame, or a timer if the frame does not come (hidden page, or no frames at all). */
export const nextFrame: FrameScheduler = (run) => {
  let ran = false;
  const once = () => { if (!ran) { ran = true; run(); } };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
  setTimeout(once, typeof requestAnimationFrame === 'function' ? HIDDEN_PAGE_MS : 16);
};

export function createFrameBatcher<T>(deliver: (items: T[]) => void, schedule: FrameScheduler = nextFrame): FrameBatcher<T> {
  let queue: T[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    deliver(items);
  };
  return {
    push(item) {
      queue.push(item);
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
  };
}
