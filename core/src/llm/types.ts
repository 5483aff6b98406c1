// The chat engine contract shared by the browser worker engines, the server engine and the HTTP APIs.
import { z } from 'zod';
import { storableText } from '../schemas/text';

export const chatRoleSchema = z.enum(['system', 'user', 'assistant']);
export const chatMessageSchema = z.object({ role: chatRoleSchema, content: storableText(200_000) });
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** transformers.js's own top-k default, kept so adding the setting changed no reply. */
export const DEFAULT_TOP_K = 50;

export const generateOptionsSchema = z.object({
  maxTokens: z.number().int().min(1).max(32_768).default(512),
  temperature: z.number().min(0).max(2).default(0.7),
  topP: z.number().gt(0).max(1).default(1),
  /** Sample among the k likeliest tokens only; 0 turns it off. 50 is transformers.js's own default. WebLLM has no top-k. */
  topK: z.number().int().min(0).max(1000).default(DEFAULT_TOP_K),
  /** Above 1 makes repeating a token already in the text less likely; 1 is off. */
  repetitionPenalty: z.number().min(0.5).max(2).default(1),
  seed: z.number().int().optional(),
  stop: z.array(z.string().min(1).max(64)).max(8).default([]),
});
export type GenerateOptions = z.infer<typeof generateOptionsSchema>;
export type GenerateOptionsInput = z.input<typeof generateOptionsSchema>;

export type FinishReason = 'stop' | 'length' | 'cancelled';

export interface GenerationTimings {
  /** From the call to the first generated token. */
  timeToFirstTokenMs: number;
  totalMs: number;
  /** Generated tokens per second after the first token (decode speed). */
  decodeTokensPerSecond: number;
}

export interface GenerationResult {
  text: string;
  finishReason: FinishReason;
  usage: { promptTokens: number; completionTokens: number };
  timings: GenerationTimings;
}

export type LoadPhase = 'download' | 'compile' | 'ready';

export interface LoadProgress {
  phase: LoadPhase;
  /** 0..1 where known. */
  fraction: number | null;
  loadedBytes?: number;
  totalBytes?: number;
  file?: string;
  text: string;
}

/** onnx-node runs only on the server (sync-server/src/inference); the browser worker never creates it. */
export type LlmEngineKind = 'webllm' | 'onnx-webgpu' | 'onnx-wasm' | 'remote' | 'onnx-node';

/** Which model to load, and where its files come from. */
export interface ModelRef {
  /** Catalog id, or a Hugging Face repo id for ONNX models. */
  id: string;
  /** ONNX quantisation as transformers.js names it (fp32, fp16, q4, q4f16, q8). */
  dtype?: string;
  /** Base URL that serves files in Hugging Face's layout (the user's server, a mirror, or the Hub). */
  host?: string;
}

/** One engine, whatever runs it; implemented in the browser worker and on the server. */
export interface LlmEngine {
  readonly kind: LlmEngineKind;
  load(model: ModelRef, onProgress?: (progress: LoadProgress) => void): Promise<void>;
  generate(
    messages: ChatMessage[],
    options: GenerateOptionsInput,
    onDelta?: (delta: string) => void,
  ): Promise<GenerationResult>;
  /** Stops the current generation at the next token; the pending generate() resolves with finishReason 'cancelled'. */
  cancel(): void;
  unload(): Promise<void>;
  /** Token counts of each text with the loaded model's own tokenizer, where the engine has one at hand. */
  countTokens?(texts: readonly string[]): number[];
}
