// A large SMS-like CSV for the data benches: SMS Spam repeated until `mib` MiB, each copy's texts prefixed
// with the copy number so they stay distinct (no duplicates to drop). Written once, then reused.
import fs from 'node:fs';
import { smsPath } from '../test/browser/harness.mjs';

/** Writes (unless it already exists) `file` of about `mib` MiB; returns its size in bytes. */
export function smsCsvOfSize(file, mib) {
  if (fs.existsSync(file)) return fs.statSync(file).size;
  const sms = fs.readFileSync(smsPath, 'utf8');
  const body = sms.slice(sms.indexOf('\n') + 1);
  const fd = fs.openSync(`${file}.part`, 'w');
  fs.writeSync(fd, 'text,label\n');
  let bytes = 11;
  for (let copy = 0; bytes < mib * 2 ** 20; copy++) {
    const chunk = body.replace(/^("?)/gm, `$1${copy} `);
    fs.writeSync(fd, chunk);
    bytes += Buffer.byteLength(chunk);
  }
  fs.closeSync(fd);
  fs.renameSync(`${file}.part`, file);
  return bytes;
}
