import type { SearchParam } from '../../../core/search/space';
import type { SpecIssue } from '../../../core/spec/jobSpec';
import { paramLabel, parseChoices } from './searchDraft';

interface Props {
  param: SearchParam;
  index: number;
  issues: SpecIssue[];
  disabled: boolean;
  onChange: (p: SearchParam) => void;
  onRemove: () => void;
}

/** An empty box is NaN (reported as "must be a number"), never a silent 0. */
const toNumber = (s: string) => (s.trim() === '' ? NaN : Number(s));
const shown = (v: number) => (Number.isFinite(v) ? v : '');

/** One parameter of the space: its range (low, high, log scale) or its choices, and its problems underneath. */
export function ParamRow({ param, index, issues, disabled, onChange, onRemove }: Props) {
  const label = paramLabel(param.name);
  return (
    <tr data-testid="search-param" data-name={param.name} className={issues.length ? 'field-invalid' : undefined}>
      <th scope="row">{label}<br /><small><code>{param.name.replace(/^hyperparameters\./, '')}</code></small></th>
      {param.kind === 'categorical' ? (
        <td colSpan={3}>
          <input type="text" aria-label={`${label} choices`} defaultValue={param.choices.map(String).join(', ')} disabled={disabled}
            onChange={(e) => onChange({ ...param, choices: parseChoices(e.target.value, param.name) })} />
          <small className="help"> comma-separated choices</small>
        </td>
      ) : (
        <>
          <td><input type="number" step="any" aria-label={`${label} low`} value={shown(param.low)} disabled={disabled}
            onChange={(e) => onChange({ ...param, low: toNumber(e.target.value) })} /></td>
          <td><input type="number" step="any" aria-label={`${label} high`} value={shown(param.high)} disabled={disabled}
            onChange={(e) => onChange({ ...param, high: toNumber(e.target.value) })} /></td>
          <td><label><input type="checkbox" aria-label={`${label} log scale`} checked={param.log === true} disabled={disabled}
            onChange={(e) => onChange({ ...param, log: e.target.checked })} /> log</label></td>
        </>
      )}
      <td>{param.kind === 'categorical' ? 'choice' : param.kind === 'int' ? 'whole number' : 'number'}</td>
      <td><button type="button" onClick={onRemove} disabled={disabled} aria-label={`Remove ${label}`}>Remove</button></td>
      <td className="param-issues" data-testid={`search-param-issues-${index}`}>
        {issues.map((i) => <small key={i.path + i.message} className="field-issue" role="alert">{i.message}</small>)}
      </td>
    </tr>
  );
}
