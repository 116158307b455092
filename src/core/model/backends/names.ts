/** The tfjs backends the engine runs on: one list for the engine, the worker's choice and the JobSpec. */
export const BACKEND_NAMES = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
