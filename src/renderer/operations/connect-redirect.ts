/**
 * Finishing a connection when the marketplace's redirect opens this app: the address carries the
 * code (and our state), the connection waits in local storage, and the engine finishes it. The
 * code is then taken out of the address bar so a reload does not try it again.
 */
import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import { PENDING_CONNECT_KEY } from './ConnectDialog.js';

export type RedirectOutcome = { ok: true; name: string } | { ok: false; message: string } | null;

export function useConnectRedirect(): RedirectOutcome {
  const api = useApi();
  const [outcome, setOutcome] = useState<RedirectOutcome>(null);
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const sessionId = window.localStorage.getItem(PENDING_CONNECT_KEY);
    if (!(params.has('code') || params.has('spapi_oauth_code')) || !sessionId) return;
    const callback = window.location.href;
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
    window.localStorage.removeItem(PENDING_CONNECT_KEY);
    api.call('accounts.completeConnect', { sessionId, callback }).then(
      (account) => setOutcome({ ok: true, name: account.displayName }),
      (error: unknown) => setOutcome({ ok: false, message: toApiError(error).message }),
    );
  }, [api]);
  return outcome;
}
