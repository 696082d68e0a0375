/** Loads one GET resource with its loading and error states, and lets the screen reload it after an action. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiProblem } from './client';

export interface Resource<T> {
  data: T | undefined;
  error: ApiProblem | undefined;
  loading: boolean;
  reload(): void;
  /** Replaces the data with what an action answered (e.g. the document after an Update). */
  set(data: T): void;
}

export function useResource<T>(load: ((signal: AbortSignal) => Promise<T>) | undefined, deps: unknown[]): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiProblem>();
  const [loading, setLoading] = useState(!!load);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const run = loadRef.current;
    if (!run) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    run(controller.signal)
      .then((value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e instanceof ApiProblem ? e : new ApiProblem(0, 'Error', (e as Error).message));
      })
      .finally(() => !controller.signal.aborted && setLoading(false));
    return () => controller.abort();
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, set: setData };
}
