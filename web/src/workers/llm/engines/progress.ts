// Maps each library's progress reports onto the one LoadProgress shape the UI shows.
import type { LoadProgress } from '@companion/core/llm';

/** transformers.js progress_callback payloads (its ProgressInfo union, reduced to what we read). */
export interface TransformersProgress {
  status: string;
  file?: string;
  name?: string;
  progress?: number;
  loaded?: number;
  total?: number;
}

export function fromTransformersProgress(info: TransformersProgress): LoadProgress | null {
  switch (info.status) {
    case 'progress_total':
      return {
        phase: 'download',
        fraction: typeof info.progress === 'number' ? info.progress / 100 : null,
        loadedBytes: info.loaded,
        totalBytes: info.total,
        text: 'Downloading model files',
      };
    case 'progress':
      return {
        phase: 'download',
        fraction: typeof info.progress === 'number' ? info.progress / 100 : null,
        loadedBytes: info.loaded,
        totalBytes: info.total,
        file: info.file,
        text: `Downloading ${info.file ?? 'model file'}`,
      };
    case 'done':
      return { phase: 'compile', fraction: null, file: info.file, text: `Loaded ${info.file ?? 'file'}` };
    case 'ready':
      return { phase: 'ready', fraction: 1, text: 'Model ready' };
    default:
      return null;
  }
}

/** WebLLM's InitProgressReport: progress 0..1 and a text that names the stage. */
export function fromWebLlmProgress(report: { progress: number; text: string }): LoadProgress {
  const compiling = /shader|compil|loading model from cache|gpu/i.test(report.text);
  return {
    phase: report.progress >= 1 ? 'ready' : compiling ? 'compile' : 'download',
    fraction: report.progress,
    text: report.text,
  };
}
