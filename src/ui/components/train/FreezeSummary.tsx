import { describeFreezing } from '../../../core/spec/freezing';
import type { Hyperparameters } from '../../../core/spec/jobSpec';

/** One line under the freezing fields saying what will train and what stays frozen. */
export function FreezeSummary({ hp }: { hp: Hyperparameters }) {
  return <p className="freeze-summary" data-testid="freeze-summary">{describeFreezing(hp)}</p>;
}
