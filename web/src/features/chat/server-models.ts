// The models the user's own server can run, for the "My server" engine: asked of GET /api/models as the
// signed-in user, because the catalog says what exists, not what that server has downloaded or configured.
import { useEffect, useState } from 'react';
import type { ServerModelInfo } from '@companion/core/llm';
import type { ModelOption } from '../models/choose-model';
import { account, useAccount } from '../account/account';
import { serverModelListSchema } from '@companion/core/api-schemas';
import { readJson } from '../../lib/read-json';

export type ServerModel = ServerModelInfo;

export type ServerModels =
  | { state: 'off' | 'signed-out' | 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; models: ServerModel[] };

/** Servable models as picker options; ones the server knows but cannot run are listed disabled, with why. */
export function serverModelOptions(models: readonly ServerModel[]): ModelOption[] {
  return models
    .filter((m) => m.runtime !== 'webllm')
    .map((m) => ({
      key: `server:${m.id}`,
      label: m.provider === 'local' ? m.name : `${m.name} (${m.provider})`,
      model: { id: m.id },
      downloadBytes: null,
      memoryBytes: 0,
      runnable: m.servable,
      warning: null,
      reason: m.servable ? null : m.downloaded ? 'cannot run on the server' : 'not downloaded on the server',
    }));
}

export function useServerModels(enabled: boolean): ServerModels {
  const signedIn = useAccount().status === 'signed-in';
  const [result, setResult] = useState<ServerModels>({ state: 'off' });
  useEffect(() => {
    if (!enabled) return setResult({ state: 'off' });
    if (!signedIn) return setResult({ state: 'signed-out' });
    let cancelled = false;
    setResult({ state: 'loading' });
    account()
      .authorizedFetch('/api/models', { headers: { accept: 'application/json' } })
      .then(async (res) => {
        if (!res.ok) throw new Error(`Your server answered ${res.status} for its model list.`);
        const body = await readJson(res, serverModelListSchema, 'its model list');
        if (!cancelled) setResult({ state: 'ready', models: body.models });
      })
      .catch((e: unknown) => {
        if (!cancelled) setResult({ state: 'error', message: (e as Error).message || String(e) });
      });
    return () => {
      cancelled = true;
    };
  }, [enabled, signedIn]);
  return result;
}
