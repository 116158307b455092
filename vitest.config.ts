import { defineConfig } from 'vitest/config';
import { PYTORCH_TAG, PytorchSkipReporter, pytorchMissing } from './test/unit/pytorch.ts';

// Probed once here; the test files read it with inject('pytorchMissing').
const missing = pytorchMissing();

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why the PyTorch reference cannot run, or null when it can. */
    pytorchMissing: string | null;
  }
}

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: parallel files fight over them and numeric tests get slower, not faster.
    fileParallelism: false,
    tags: [{ name: PYTORCH_TAG, description: 'compares with the PyTorch reference (test/reference/*.py)', skip: missing !== null }],
    provide: { pytorchMissing: missing },
    reporters: ['default', new PytorchSkipReporter(missing, import.meta.dirname)],
  },
});
