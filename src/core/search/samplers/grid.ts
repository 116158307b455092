/**
 * Grid search: every combination of the parameters' grid values, in a stated order — the space's
 * parameters in order, the last one changing fastest (Python's itertools.product). A conditional parameter
 * takes part only in the combinations where its condition holds, so nothing is run twice. Trial i runs
 * combination i; the study stops when the grid is exhausted.
 */
import { gridValues, isActive, type SearchSpace, type TrialParams } from '../space';

/** Calls `visit` with each combination in order until it returns false. */
function walkGrid(space: SearchSpace, visit: (combination: TrialParams) => boolean): void {
  let going = true;
  const walk = (i: number, acc: TrialParams): void => {
    if (!going) return;
    if (i === space.params.length) {
      going = visit({ ...acc });
      return;
    }
    const p = space.params[i];
    if (!isActive(p, acc)) return walk(i + 1, acc);
    for (const v of gridValues(p)) {
      acc[p.name] = v;
      walk(i + 1, acc);
    }
    delete acc[p.name];
  };
  walk(0, {});
}

/** Every combination, in order. Sizes multiply: check `gridSize` before enumerating a grid from a person. */
export function enumerateGrid(space: SearchSpace): TrialParams[] {
  const out: TrialParams[] = [];
  walkGrid(space, (c) => out.push(c) > 0);
  return out;
}

/** The number of combinations (for validation and the UI's "N trials" hint), counting stops past `limit`. */
export function gridSize(space: SearchSpace, limit = 1e6): number {
  let count = 0;
  walkGrid(space, () => ++count <= limit);
  return count;
}
