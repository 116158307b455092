/** Auto: defaults that fit the model and the data (see plan.ts). */
export { autoPlan, reconcileDecisions } from './plan';
export { autoInputsFrom, autoInputsWith, autoModelInfo, duplicateRowCount, trainLabelCounts, trainTokenLengths, trainTokenLengthsInSlices } from './inputs';
export { estimateSeconds } from './estimate';
export { summarizeLengths } from './lengths';
export type { AutoDecision, AutoInputs, AutoModelInfo, AutoPlan, LengthBin, LengthSummary } from './types';
