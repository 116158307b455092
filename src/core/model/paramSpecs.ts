/** Parameter-spec builders shared by every architecture: HF's Linear ([out, in] + bias) and LayerNorm. */
import type { ParamSpec } from './types';

/** A Linear layer: weight [out, in] initialised normal(0, initializer_range), bias zeros. */
export function linearSpecs(name: string, out: number, inDim: number, group: string, head = false): ParamSpec[] {
  return [
    { name: `${name}.weight`, shape: [out, inDim], group, init: 'normal', head },
    { name: `${name}.bias`, shape: [out], group, init: 'zeros', head },
  ];
}

/** A LayerNorm: weight ones, bias zeros. */
export function layerNormSpecs(name: string, dim: number, group: string): ParamSpec[] {
  return [
    { name: `${name}.weight`, shape: [dim], group, init: 'ones' },
    { name: `${name}.bias`, shape: [dim], group, init: 'zeros' },
  ];
}
