/**
 * The data core's public API, in one place. Pure TS (no DOM): used by the parse worker, the data stage
 * and the CLI. Read in this order: parse (file → RawTable) → profile/infer (columns → mapping) →
 * labels (edits, manual labels) → clean (report + keep mask) → split (codes) → dataset (record →
 * TrainingData) → csv (export).
 */
export * from './types';
export * from './errors';
export * from './encoding';
export * from './parse';
export * from './header';
export * from './profile';
export * from './infer';
export * from './labels';
export * from './clean';
export * from './split';
export * from './dataset';
export * from './csv';
