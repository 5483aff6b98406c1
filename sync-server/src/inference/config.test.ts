// Inference configuration: defaults, PROVIDERS from the environment or config.json, and refusals that never echo a key.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../env.ts';
import { loadInferenceConfig } from './config.ts';

const openai = { name: 'ollama', type: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', models: ['llama3.2'] };

describe('loadInferenceConfig', () => {
  it('defaults to one generation at a time, a small queue and no providers', () => {
    expect(loadInferenceConfig({})).toEqual({ concurrency: 1, maxQueue: 4, maxLoadedModels: 2, defaultModel: undefined, providers: [] });
  });

  it('reads PROVIDERS as JSON from the environment (winning over config.json) and keys from named variables', () => {
    const env = {
      INFERENCE_CONCURRENCY: '2',
      PROVIDERS: JSON.stringify([openai, { name: 'claude', type: 'anthropic', baseUrl: 'https://api.anthropic.com', apiKeyEnv: 'ANTHROPIC_API_KEY', models: ['claude-x'] }]),
      ANTHROPIC_API_KEY: 'sk-ant-123',
    };
    const config = loadInferenceConfig(env, { PROVIDERS: [], INFERENCE_QUEUE: 9 });
    expect(config.concurrency).toBe(2);
    expect(config.maxQueue).toBe(9);
    expect(config.providers).toEqual([
      { ...openai, apiKey: undefined },
      { name: 'claude', type: 'anthropic', baseUrl: 'https://api.anthropic.com', apiKey: 'sk-ant-123', models: ['claude-x'] },
    ]);
  });

  it.each([
    ['not JSON', { PROVIDERS: '[{' }],
    ['a bad type', { PROVIDERS: JSON.stringify([{ ...openai, type: 'cohere' }]) }],
    ['no models', { PROVIDERS: JSON.stringify([{ ...openai, models: [] }]) }],
    ['a file URL', { PROVIDERS: JSON.stringify([{ ...openai, baseUrl: 'file:///etc/passwd' }]) }],
    ['a duplicate name', { PROVIDERS: JSON.stringify([openai, openai]) }],
    ['the reserved name local', { PROVIDERS: JSON.stringify([{ ...openai, name: 'local' }]) }],
    ['an unknown field', { PROVIDERS: JSON.stringify([{ ...openai, apikey: 'typo' }]) }],
    ['a missing key variable', { PROVIDERS: JSON.stringify([{ ...openai, apiKeyEnv: 'NOPE_KEY' }]) }],
    ['zero concurrency', { INFERENCE_CONCURRENCY: '0' }],
  ])('refuses %s with a ConfigError', (_label, env) => {
    expect(() => loadInferenceConfig(env)).toThrow(ConfigError);
  });

  it('never repeats a rejected value, which could be a key', () => {
    const env = { PROVIDERS: JSON.stringify([{ ...openai, apiKey: 'sk-secret-value', baseUrl: 'sk-secret-url' }]) };
    const error = (() => {
      try {
        loadInferenceConfig(env);
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error?.message).toMatch(/baseUrl/);
    expect(error?.message).not.toContain('sk-secret');
  });
});
