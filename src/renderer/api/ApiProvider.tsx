/**
 * Puts the engine connection in React context: the API, the link status (browser mode only) and
 * the per-entity data versions that drive refreshes after `data.changed`.
 */
import {
  createContext,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { DataEntity, SilkrouteApi } from '../../shared/api/index.js';
import type { EngineConnection } from './connect.js';
import { DataVersions } from './data-version.js';
import type { ConnectionStatus } from './socket-channel.js';

interface ApiContextValue {
  api: SilkrouteApi;
  connection: EngineConnection;
  versions: DataVersions;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider(props: { connection: EngineConnection; children: ReactNode }) {
  const { connection } = props;
  const [versions] = useState(() => new DataVersions());

  useEffect(
    () => connection.api.on('data.changed', (payload) => versions.bump(payload.entities)),
    [connection, versions],
  );

  useEffect(() => {
    const channel = connection.channel;
    if (!channel) return undefined;
    let wasDown = false;
    return channel.onStatus((status) => {
      if (status === 'reconnecting') wasDown = true;
      if (status === 'open' && wasDown) {
        wasDown = false;
        versions.bumpAll();
      }
    });
  }, [connection, versions]);

  return (
    <ApiContext.Provider value={{ api: connection.api, connection, versions }}>
      {props.children}
    </ApiContext.Provider>
  );
}

function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi must be used inside <ApiProvider>');
  return value;
}

export function useApi(): SilkrouteApi {
  return useApiContext().api;
}

/** A number that changes whenever the engine reports a change to any of `entities`. */
export function useDataVersion(entities: readonly DataEntity[]): number {
  const { versions } = useApiContext();
  return useSyncExternalStore(versions.subscribe, () => versions.versionOf(entities));
}

const noChannel = () => () => undefined;

/** 'embedded' in Electron, where the link to the engine cannot drop. */
export function useConnectionStatus(): ConnectionStatus | 'embedded' {
  const { connection } = useApiContext();
  const channel = connection.channel;
  return useSyncExternalStore(channel ? channel.onStatus : noChannel, () =>
    channel ? channel.status() : 'embedded',
  );
}
