/// <reference lib="webworker" />
/**
 * The parse worker: reads the File in slices and feeds them to the data core's CsvByteParser (the same
 * code the unit tests drive with a Uint8Array), posting rows in batches and progress after every slice.
 */
import { CsvByteParser } from '../core/data/parse';
import { ENCODING_SAMPLE_BYTES } from '../core/data/encoding';
import { errorReply } from '../core/errors';
import { packRows, transferables } from '../core/data/packedTable';
import { assertNever, PARSE_CHUNK_BYTES, type ParseFilePayload, type PageToParseWorker, type ParseWorkerToPage } from './parseProtocol';

const post = (m: ParseWorkerToPage) => self.postMessage(m);

async function parseFile({ file, chunkBytes = PARSE_CHUNK_BYTES, header }: ParseFilePayload): Promise<void> {
  let width = 0;
  const parser = new CsvByteParser({
    fileName: file.name,
    header,
    onColumns: (columns) => {
      width = columns.length;
      post({ type: 'columns', payload: { columns } });
    },
    onRows: (rows) => {
      const payload = packRows(rows, width);
      self.postMessage({ type: 'rows', payload } satisfies ParseWorkerToPage, transferables(payload));
    },
  }, file.size);
  const step = Math.max(chunkBytes, ENCODING_SAMPLE_BYTES);
  for (let offset = 0; offset < file.size; offset += step) {
    const bytes = new Uint8Array(await file.slice(offset, Math.min(file.size, offset + step)).arrayBuffer());
    parser.push(bytes);
    post({ type: 'progress', payload: parser.progress });
  }
  const { rows: _rows, ...table } = parser.finish();
  post({ type: 'progress', payload: parser.progress });
  post({ type: 'done', payload: { table } });
}

self.onmessage = (e: MessageEvent<PageToParseWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'parse':
      parseFile(msg.payload).catch((err: unknown) => post(errorReply(err)));
      break;
    default:
      assertNever(msg.type);
  }
};
