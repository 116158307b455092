/**
 * Architectures by Hugging Face `model_type`. To add one: write a folder (see bert/) exporting an
 * `Architecture` (types.ts), and add it to ARCHITECTURES below — loading, freezing groups, export names and the
 * diagnostics page then work for it without further changes.
 */
import { asRawConfig, ConfigError } from './config';
import type { AnyArchitecture } from './types';
import { bertArchitecture } from './bert';
import { distilbertArchitecture } from './distilbert';
import { robertaArchitecture } from './roberta';
import { gloveArchitecture } from './glove';
import { gloveCnnArchitecture } from './glove-cnn';

export const ARCHITECTURES: Readonly<Record<string, AnyArchitecture>> = Object.freeze({
  bert: bertArchitecture,
  distilbert: distilbertArchitecture,
  roberta: robertaArchitecture,
  'glove-pool': gloveArchitecture,
  'glove-cnn': gloveCnnArchitecture,
});

export function supportedModelTypes(): string[] {
  return Object.keys(ARCHITECTURES);
}

/** The architecture for a config.json; a clear message listing the supported types otherwise. */
export function architectureFor(config: unknown): AnyArchitecture {
  const raw = asRawConfig(config);
  const type = raw.model_type;
  if (typeof type !== 'string') {
    throw new ConfigError(`config.json has no "model_type" (supported: ${supportedModelTypes().join(', ')})`);
  }
  const arch = ARCHITECTURES[type];
  if (!arch) {
    throw new ConfigError(`model_type "${type}" is not supported (supported: ${supportedModelTypes().join(', ')})`);
  }
  return arch;
}
