/**
 * The checkpoints actually in this browser's storage, per job — the truth for a run that is not live (its
 * history only says what was announced while the page was open). Read again whenever `version` changes.
 */
import { useEffect, useState } from 'react';
import type { CheckpointSummary } from '../../core/train/checkpoint';
import { checkpointsByJob } from '../../storage/usage';
import { onStorageChange } from '../storageEvents';

export function useStoredCheckpoints(version: string): Map<string, CheckpointSummary[]> | null {
  const [stored, setStored] = useState<Map<string, CheckpointSummary[]> | null>(null);
  const [changes, setChanges] = useState(0);
  useEffect(() => onStorageChange(() => setChanges((n) => n + 1)), []);
  useEffect(() => {
    let live = true;
    checkpointsByJob().then((m) => { if (live) setStored(m); }, () => { if (live) setStored(new Map()); });
    return () => { live = false; };
  }, [version, changes]);
  return stored;
}
