import { useEffect, useState } from 'react';
import { clearModelCache, storageEstimate } from '../../../storage/modelCache';
import { formatBytes } from './format';

/** How much this browser stores for the studio, and a way to delete the downloaded models. */
export function CachedModelsNote() {
  const [usage, setUsage] = useState<{ usage: number; quota: number } | undefined>();
  const [cleared, setCleared] = useState(false);
  useEffect(() => {
    let live = true;
    void storageEstimate().then((u) => { if (live) setUsage(u); });
    return () => { live = false; };
  }, [cleared]);
  if (!usage) return null;
  return (
    <p className="muted" data-testid="model-storage">
      This site uses {formatBytes(usage.usage)} of this browser&apos;s storage (of {formatBytes(usage.quota)} allowed), downloaded models included.{' '}
      <button type="button" className="link-button" onClick={() => void clearModelCache().then(() => setCleared((c) => !c))}>
        Delete downloaded models
      </button>
    </p>
  );
}
