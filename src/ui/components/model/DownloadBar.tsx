import type { DownloadProgress } from '../../../core/model/sources/types';
import { formatBytes } from './format';

/** Byte progress of a model download: overall bytes / total known so far, and the file being read. */
export function DownloadBar({ what, progress, done = false }: { what: string; progress: DownloadProgress | null; done?: boolean }) {
  const total = progress?.total ?? 0;
  const loaded = progress?.loaded ?? 0;
  const pct = total > 0 ? Math.min(100, Math.round((100 * loaded) / total)) : 0;
  return (
    <div className="import-progress" data-testid="model-progress" data-loaded={loaded} data-total={total} data-percent={pct}>
      <progress max={100} value={pct} aria-label={`Loading ${what}`} />{' '}
      <span>
        {progress
          ? <>{formatBytes(loaded)} / {total > 0 ? formatBytes(total) : '?'} ({pct} %){progress.fromCache ? ' · from this browser\'s cache' : done ? ' · done' : ` · ${progress.file}`}</>
          : <>Loading {what}…</>}
      </span>
    </div>
  );
}
