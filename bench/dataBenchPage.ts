/**
 * Bench page: parses one File through the studio's worker path (parseFileInWorker) and through plain
 * papaparse on the main thread, in the same browser, and reports rows/s and the main thread's longest task.
 * Driven by bench/data.mjs via window.runDataBench(url).
 */
import Papa from 'papaparse';
import { parseFileInWorker, parseFileToPackedInWorker } from '../src/worker/parseClient';

interface BenchResult {
  bytes: number;
  studio: { rows: number; columns: string[]; seconds: number; longestTaskMs: number; longTasks: number; maxGapMs: number; issues: number };
  packed: { rows: number; seconds: number; longestTaskMs: number; longTasks: number; maxGapMs: number };
  plain: { rows: number; seconds: number; longestTaskMs: number };
}

/** Long tasks (> 50 ms) and the largest gap between 10 ms heartbeats while `run` is in flight. */
async function watchMainThread<T>(run: () => Promise<T>): Promise<{ value: T; longest: number; count: number; maxGap: number }> {
  const durations: number[] = [];
  const t0 = performance.now();
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      durations.push(e.duration);
      console.log(`longtask at ${Math.round(e.startTime - t0)} ms: ${Math.round(e.duration)} ms`);
    }
  });
  obs.observe({ type: 'longtask', buffered: false });
  let last = performance.now();
  let maxGap = 0;
  const beat = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 10);
  try {
    const value = await run();
    await new Promise((r) => setTimeout(r, 50));
    return { value, longest: Math.max(0, ...durations), count: durations.length, maxGap };
  } finally {
    clearInterval(beat);
    obs.disconnect();
  }
}

async function runDataBench(url: string, chunkBytes?: number): Promise<BenchResult> {
  const status = document.getElementById('status') as HTMLElement;
  const blob = await (await fetch(url)).blob();
  const file = new File([blob], 'bench.csv', { type: 'text/csv' });

  status.textContent = 'studio worker path, packed…';
  const tp = performance.now();
  // Packed first: the rows path leaves 1.1 M arrays alive, whose GC would land in the next measurement.
  const packed = await watchMainThread(() => parseFileToPackedInWorker(file, undefined, undefined, { chunkBytes }));
  const packedSeconds = (performance.now() - tp) / 1000;

  status.textContent = 'studio worker path…';
  const t0 = performance.now();
  const studio = await watchMainThread(() => parseFileInWorker(file, undefined, undefined, { chunkBytes }));
  const studioSeconds = (performance.now() - t0) / 1000;

  status.textContent = 'plain papaparse…';
  const t1 = performance.now();
  const plain = await watchMainThread(() => new Promise<number>((resolve, reject) => {
    Papa.parse<string[]>(file, { skipEmptyLines: true, complete: (r) => resolve(r.data.length - 1), error: reject });
  }));
  const plainSeconds = (performance.now() - t1) / 1000;
  status.textContent = 'done';
  return {
    bytes: file.size,
    studio: {
      rows: studio.value.rows.length, columns: studio.value.columns, seconds: studioSeconds,
      longestTaskMs: studio.longest, longTasks: studio.count, maxGapMs: studio.maxGap, issues: studio.value.issues.length,
    },
    packed: {
      rows: packed.value.rowCount, seconds: packedSeconds, longestTaskMs: packed.longest, longTasks: packed.count, maxGapMs: packed.maxGap,
    },
    plain: { rows: plain.value, seconds: plainSeconds, longestTaskMs: plain.longest },
  };
}

// parseForTest: the same client, for scripts that check messages and cancellation in a real browser.
Object.assign(window, { runDataBench, parseForTest: parseFileInWorker, parsePackedForTest: parseFileToPackedInWorker });
