/**
 * Loading a model for the model stage: one load at a time (a new one aborts the old), byte progress
 * throttled to a few updates a second, and a summary + LoadReport preview once the files are in.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DownloadProgress, ModelFiles } from '../../../core/model/sources/types';
import type { LoadReport } from '../../../core/model/types';
import { previewLoadReport, summarizeModel, type ModelSummary } from '../../../core/model/sources/summary';

export type LoadState =
  | { status: 'idle' }
  | { status: 'loading'; what: string; progress: DownloadProgress | null }
  | {
    status: 'loaded'; key: string; what: string; files: ModelFiles; fromCache: boolean; summary: ModelSummary;
    report: LoadReport | null; reportError: string | null;
    /** The last progress seen, so the finished download stays on screen as a full bar. */
    progress: DownloadProgress | null;
  }
  | { status: 'error'; what: string; message: string };

export type FileGetter = (onProgress: (p: DownloadProgress) => void, signal: AbortSignal) => Promise<{ key: string; files: ModelFiles; fromCache: boolean }>;

export function useModelLoader(onLoaded: (key: string) => void) {
  const [state, setState] = useState<LoadState>({ status: 'idle' });
  const current = useRef<AbortController | null>(null);
  useEffect(() => () => current.current?.abort(), []);

  const load = useCallback(async (what: string, getFiles: FileGetter) => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setState({ status: 'loading', what, progress: null });
    let lastUpdate = 0;
    let last: DownloadProgress | null = null;
    const onProgress = (p: DownloadProgress) => {
      last = { ...p };
      const now = performance.now();
      const finished = p.fileTotal !== undefined && p.fileLoaded === p.fileTotal;
      if (now - lastUpdate < 100 && !finished) return; // a re-render per 64 KB chunk would be wasted work
      lastUpdate = now;
      if (!controller.signal.aborted) setState({ status: 'loading', what, progress: { ...p } });
    };
    try {
      const { key, files, fromCache } = await getFiles(onProgress, controller.signal);
      if (controller.signal.aborted) return;
      const summary = summarizeModel(files);
      let report: LoadReport | null = null;
      let reportError: string | null = null;
      try {
        report = previewLoadReport(files);
      } catch (e) {
        reportError = e instanceof Error ? e.message : String(e);
      }
      setState({ status: 'loaded', key, what, files, fromCache, summary, report, reportError, progress: last });
      if (!reportError) onLoaded(key);
    } catch (e) {
      if (controller.signal.aborted) return;
      setState({ status: 'error', what, message: e instanceof Error ? e.message : String(e) });
    }
  }, [onLoaded]);

  const cancel = useCallback(() => {
    current.current?.abort();
    setState({ status: 'idle' });
  }, []);

  return { state, load, cancel };
}
