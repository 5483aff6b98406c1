// What every remote LLM provider shares: its configuration, the models it offers, URLs under its base, fetch.

export interface RemoteProviderConfig {
  name: string;
  /** Including the version path, e.g. http://127.0.0.1:11434/v1 or https://api.openai.com/v1. */
  baseUrl: string;
  apiKey?: string | undefined;
  models: string[];
  fetch?: typeof fetch;
}

export abstract class RemoteProvider {
  readonly name: string;
  protected readonly fetch: typeof fetch;

  constructor(protected readonly config: RemoteProviderConfig) {
    this.name = config.name;
    this.fetch = config.fetch ?? fetch;
  }

  async models(): Promise<string[]> {
    return [...this.config.models];
  }

  protected url(path: string): string {
    return `${this.config.baseUrl.replace(/\/+$/, '')}${path}`;
  }

  /** Content type and the provider's own way of sending the API key. */
  protected abstract headers(): Record<string, string>;
}
