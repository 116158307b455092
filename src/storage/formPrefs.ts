/**
 * A form's last values, kept in localStorage so a reload does not reset them: per scope ('train'), one value
 * for each set of inputs (e.g. dataset + model) and the last value overall, used for inputs not seen before.
 * The value is stored as the caller gives it (plain JSON); reading it back is the caller's job to check.
 */
const KEY = 'ftstudio.forms';

interface Stored {
  [scope: string]: { last?: unknown; byInputs?: Record<string, unknown> } | undefined;
}

function read(): Stored {
  try {
    const raw = localStorage.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? parsed as Stored : {};
  } catch {
    return {}; // storage disabled or a damaged entry: start from the defaults
  }
}

/** The value saved for these inputs, else the last one saved in this scope, else null. */
export function loadFormPrefs(scope: string, inputsKey: string | null): unknown {
  const s = read()[scope];
  if (!s) return null;
  return (inputsKey !== null ? s.byInputs?.[inputsKey] : undefined) ?? s.last ?? null;
}

/** Whether a value was saved for exactly these inputs. */
export function hasFormPrefs(scope: string, inputsKey: string): boolean {
  return read()[scope]?.byInputs?.[inputsKey] !== undefined;
}

export function saveFormPrefs(scope: string, inputsKey: string | null, value: unknown): void {
  const all = read();
  const s = all[scope] ?? {};
  all[scope] = { last: value, byInputs: { ...s.byInputs, ...(inputsKey !== null ? { [inputsKey]: value } : {}) } };
  try {
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // storage disabled or full: the form simply is not remembered
  }
}
