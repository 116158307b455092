/**
 * Which parameter groups train in a given epoch (freezing, head-only, gradual unfreezing) and at what
 * peak learning rate (body vs head, layer-wise decay). Group names come from the engine:
 * 'embeddings', 'layer.0' … 'layer.N-1', 'pooler', 'head'.
 */
import type { ParamGroup } from '../model/types';
import type { Hyperparameters } from '../spec/jobSpec';

const layerIndex = (name: string): number | null => {
  const m = /^layer\.(\d+)$/.exec(name);
  return m ? Number(m[1]) : null;
};

export function countLayers(groups: ParamGroup[]): number {
  return groups.filter((g) => layerIndex(g.name) !== null).length;
}

/** Peak learning rate of a group (before the schedule's multiplier). */
export function groupPeakLr(group: string, hp: Hyperparameters, numLayers: number): number {
  if (group === 'head') {
    return hp.headLearningRate.mode === 'absolute' ? hp.headLearningRate.value : hp.learningRate * hp.headLearningRate.value;
  }
  const i = layerIndex(group);
  if (i !== null) return hp.learningRate * hp.layerwiseLrDecay ** (numLayers - 1 - i);
  if (group === 'embeddings') return hp.learningRate * hp.layerwiseLrDecay ** numLayers;
  return hp.learningRate;
}

/**
 * Names of the groups that train during `epoch` (0-based). Head-only keeps the encoder frozen; gradual
 * unfreezing starts with head (+ pooler) and unfreezes one more layer from the top each epoch, then
 * the embeddings; explicit freezes (embeddings, first N layers) always hold.
 */
export function trainableGroups(groups: ParamGroup[], hp: Hyperparameters, epoch: number): string[] {
  const numLayers = countLayers(groups);
  return groups.map((g) => g.name).filter((name) => {
    if (name === 'head' || name === 'pooler') return true;
    if (hp.freeze.headOnly) return false;
    const i = layerIndex(name);
    if (name === 'embeddings') {
      if (hp.freeze.embeddings) return false;
      return !hp.gradualUnfreezing || epoch >= numLayers + 1;
    }
    if (i !== null) {
      if (i < hp.freeze.firstLayers) return false;
      return !hp.gradualUnfreezing || numLayers - 1 - i < epoch;
    }
    return true;
  });
}
