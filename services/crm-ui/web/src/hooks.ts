import { useEffect, useRef } from 'react';
import { documentTitle } from './lib/router';

export function useDocumentTitle(page: string): void {
  useEffect(() => {
    document.title = documentTitle(page);
  }, [page]);
}

/**
 * Runs `task` now and then every `intervalMs` after the previous run finished (never two at
 * once), while `enabled`. Skips runs while the tab is hidden; the next visible tick catches up.
 */
export function usePolling(task: () => Promise<unknown>, intervalMs: number, enabled: boolean) {
  const taskRef = useRef(task);
  useEffect(() => {
    taskRef.current = task;
  });
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (!document.hidden) {
        try {
          await taskRef.current();
        } catch {
          // The task shows its own errors; polling goes on.
        }
      }
      if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [enabled, intervalMs]);
}
