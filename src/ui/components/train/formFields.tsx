import { createContext, useContext, useId, type ReactNode } from 'react';
import { FIELD_HELP, type SpecIssue } from '../../../core/spec/jobSpec';

/** The spec's current problems; each field shows those under its own path. */
export const FieldIssuesContext = createContext<SpecIssue[]>([]);

/** Label + help text for a JobSpec field, looked up by its dotted path so the text lives in one place. */
function FieldShell({ path, children, suffix }: { path: string; children: (id: string) => ReactNode; suffix?: string }) {
  const id = useId();
  const meta = FIELD_HELP[path] ?? { label: path, help: '' };
  const issues = useContext(FieldIssuesContext).filter((i) => i.path === path || i.path.startsWith(`${path}.`));
  return (
    <div className={issues.length ? 'field field-invalid' : 'field'} data-testid={`field-${path}`}>
      <label htmlFor={id}>{meta.label}{suffix ? ` ${suffix}` : ''}</label>
      {children(id)}
      {issues.map((i) => <small key={i.path + i.message} className="field-issue" role="alert">{i.message}</small>)}
      <small className="help">{meta.help}</small>
    </div>
  );
}

interface NumberProps {
  path: string;
  value: number;
  onChange: (v: number) => void;
  min?: number;
  max?: number;
  step?: number | 'any';
  disabled?: boolean;
  /** Replaces the visible input, e.g. for a mode select + value pair. */
  before?: ReactNode;
}

export function NumberField({ path, value, onChange, min, max, step = 'any', disabled, before }: NumberProps) {
  return (
    <FieldShell path={path}>
      {(id) => (
        <span className="field-row">
          {before}
          <input
            id={id}
            type="number"
            value={Number.isFinite(value) ? value : ''}
            min={min}
            max={max}
            step={step}
            disabled={disabled}
            onChange={(e) => onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))}
          />
        </span>
      )}
    </FieldShell>
  );
}

interface SelectProps<T extends string> {
  path: string;
  value: T;
  options: readonly T[] | readonly { value: T; label: string }[];
  onChange: (v: T) => void;
  disabled?: boolean;
}

export function SelectField<T extends string>({ path, value, options, onChange, disabled }: SelectProps<T>) {
  const opts = options.map((o) => (typeof o === 'string' ? { value: o, label: o } : o));
  return (
    <FieldShell path={path}>
      {(id) => (
        <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}>
          {opts.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      )}
    </FieldShell>
  );
}

export function CheckField({ path, value, onChange, disabled }: { path: string; value: boolean; onChange: (v: boolean) => void; disabled?: boolean }) {
  return (
    <FieldShell path={path}>
      {(id) => <input id={id} type="checkbox" checked={value} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />}
    </FieldShell>
  );
}

export function TextField({ path, value, onChange }: { path: string; value: string; onChange: (v: string) => void }) {
  return (
    <FieldShell path={path}>
      {(id) => <input id={id} type="text" value={value} onChange={(e) => onChange(e.target.value)} />}
    </FieldShell>
  );
}

/** A small inline select used inside a NumberField (e.g. warmup ratio vs steps). */
export function ModeSelect<T extends string>({ value, options, onChange, label }: { value: T; options: readonly T[]; onChange: (v: T) => void; label: string }) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as T)}>
      {options.map((o) => <option key={o} value={o}>{o}</option>)}
    </select>
  );
}
