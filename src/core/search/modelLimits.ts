/** What a model allows a study to tune, read from its config.json (no weights, no tensors). */
import { usableLength } from '../export/hfConfig';
import { architectureFor } from '../model/registry';
import type { ModelLimits } from './validate';

export function modelLimitsFromConfig(config: Record<string, unknown>): ModelLimits {
  const arch = architectureFor(config);
  const groups = new Set(arch.paramSpecs(arch.normaliseConfig(config), 2).map((p) => p.group));
  const numLayers = [...groups].filter((g) => /^layer\.\d+$/.test(g)).length;
  return { modelType: String(config.model_type), numLayers, maxPositions: usableLength(config) };
}
