/**
 * Calls one contract method and keeps its answer in React state, refetching when the input changes,
 * when the engine reports a change to one of `entities`, or on `reload()`. While a refetch of the
 * same input runs, the previous answer stays available (`data`) so the screen does not blink.
 */
import { useCallback, useEffect, useState } from 'react';
import type { DataEntity, InputOf, MethodName, OutputOf } from '../../shared/api/index.js';
import { ApiError } from '../../shared/api/index.js';
import { useApi, useDataVersion } from './ApiProvider.js';

export type CallStatus = 'loading' | 'ready' | 'error';

export interface CallState<T> {
  status: CallStatus;
  data: T | undefined;
  error: ApiError | null;
  reload: () => void;
}

/** Any rejection as an ApiError, so every error screen can rely on a code. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('internal', error instanceof Error ? error.message : String(error));
}

interface Settled<T> {
  /** method + input: which question this answers. */
  query: string;
  /** query + data version + reload count: which asking of it. */
  request: string;
  data?: T;
  error?: ApiError;
}

const NO_ENTITIES: readonly DataEntity[] = [];

export function useApiCall<M extends MethodName>(
  method: M,
  input: InputOf<M>,
  options: { entities?: readonly DataEntity[]; enabled?: boolean } = {},
): CallState<OutputOf<M>> {
  const api = useApi();
  const enabled = options.enabled ?? true;
  const version = useDataVersion(options.entities ?? NO_ENTITIES);
  const [reloads, setReloads] = useState(0);
  const [settled, setSettled] = useState<Settled<OutputOf<M>> | null>(null);
  const inputJson = JSON.stringify(input);
  const query = `${method} ${inputJson}`;
  const request = `${query} #${version}.${reloads}`;

  useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    api.call(method, JSON.parse(inputJson) as InputOf<M>).then(
      (data) => {
        if (live) setSettled({ query, request, data });
      },
      (error: unknown) => {
        if (live) setSettled({ query, request, error: toApiError(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [api, method, inputJson, query, request, enabled]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  const sameQuery = settled?.query === query;
  const current = settled?.request === request;
  let status: CallStatus = 'loading';
  if (current && settled.error) status = 'error';
  else if (current) status = 'ready';
  return {
    status,
    data: sameQuery ? settled.data : undefined,
    error: current ? (settled.error ?? null) : null,
    reload,
  };
}
