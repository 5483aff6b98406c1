import { describe, expect, it } from 'vitest';
import { serverModelOptions, type ServerModel } from './server-models';

const model = (m: Partial<ServerModel>): ServerModel => ({
  id: 'm',
  name: 'M',
  provider: 'local',
  runtime: 'onnx',
  downloaded: true,
  servable: true,
  active: false,
  ...m,
});

describe('serverModelOptions', () => {
  it('offers what the server can run, names providers, and says why the rest cannot be picked', () => {
    const options = serverModelOptions([
      model({ id: 'tiny', name: 'Tiny' }),
      model({ id: 'gpt', name: 'GPT', provider: 'openai', runtime: 'remote' }),
      model({ id: 'big', name: 'Big', downloaded: false, servable: false }),
      model({ id: 'web', name: 'Web', runtime: 'webllm', servable: false }),
    ]);
    expect(options.map((o) => [o.key, o.label, o.runnable, o.reason])).toEqual([
      ['server:tiny', 'Tiny', true, null],
      ['server:gpt', 'GPT (openai)', true, null],
      ['server:big', 'Big', false, 'not downloaded on the server'],
    ]);
    expect(options[0]?.model).toEqual({ id: 'tiny' });
  });
});
