// Shared helpers for the data-core unit tests: read a fixture or the SMS Spam sample the studio ships as bytes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsvBytes } from '../../src/core/data/parse';
import type { RawTable } from '../../src/core/data/types';

const here = path.dirname(fileURLToPath(import.meta.url));
export const fixtureDir = path.resolve(here, '../fixtures/data');
/** SMS Spam Collection v.1, as bundled with the studio (provenance: public/samples/README.md). */
export const smsPath = path.resolve(here, '../../public/samples/sms_spam.csv');

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(fixtureDir, name)));
}

export function parseFixture(name: string, chunkBytes?: number): RawTable {
  return parseCsvBytes(fixtureBytes(name), { fileName: name }, chunkBytes);
}

export function parseSms(): RawTable {
  return parseCsvBytes(new Uint8Array(fs.readFileSync(smsPath)), { fileName: 'sms_spam.csv' });
}

/** A table built in code: first array is the header. */
export function table(columns: string[], rows: string[][], extra: Partial<RawTable> = {}): RawTable {
  return { fileName: 'crafted.csv', encoding: 'utf-8', delimiter: ',', columns, rows, issues: [], ...extra };
}
