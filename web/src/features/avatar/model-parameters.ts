// Reads a loaded model's parameter list for the Live2DParameterManager. The renderer's typings are much wider than
// what the avatar touches, so the few members used are described here structurally.
import { cdiNames, cubism2ParameterIds, type ParameterInfo } from './parameters';

export interface Live2DCore {
  setParamFloat?(id: string, value: number): void;
  getParamFloat?(id: string): number;
  setParameterValueById?(id: string, value: number): void;
  getParameterValueById?(id: string): number;
  getModel?(): { parameters: { ids: string[]; minimumValues: Float32Array; maximumValues: Float32Array; defaultValues: Float32Array } };
}

interface Settings {
  json: Record<string, unknown> & { FileReferences?: { DisplayInfo?: string } };
  moc?: string;
  resolveURL(path: string): string;
}

export interface LoadedModel {
  internalModel: {
    coreModel: unknown;
    settings: Settings;
    width: number;
    height: number;
    updateNaturalMovements(dt: number, now: number): void;
    on(event: 'beforeModelUpdate', listener: () => void): void;
    motionManager: {
      definitions: Record<string, unknown>;
      state: { shouldRequestIdleMotion(): boolean };
      stopAllMotions(): void;
      expressionManager?: { definitions: { name?: string; Name?: string }[] };
    };
  };
  scale: { set(v: number): void };
  position: { set(x: number, y: number): void };
  update(dtMs: number): void;
  hitTest(x: number, y: number): string[];
  motion(group: string): Promise<boolean>;
  expression(index?: number): Promise<boolean>;
  focus(x: number, y: number): void;
}

async function fetchBytes(url: string): Promise<Uint8Array | null> {
  try {
    const res = await fetch(url);
    return res.ok ? new Uint8Array(await res.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

export async function discoverParameters(model: LoadedModel, kind: 'cubism2' | 'cubism4'): Promise<ParameterInfo[]> {
  const internal = model.internalModel;
  if (kind === 'cubism4') {
    const params = (internal.coreModel as Live2DCore).getModel?.().parameters;
    if (!params) return [];
    const display = internal.settings.json.FileReferences?.DisplayInfo;
    let names = new Map<string, string>();
    if (display) {
      const bytes = await fetchBytes(internal.settings.resolveURL(display));
      try {
        if (bytes) names = cdiNames(JSON.parse(new TextDecoder().decode(bytes)));
      } catch {
        // A broken cdi3.json only costs the display names.
      }
    }
    return params.ids.map((id, i) => ({
      id,
      name: names.get(id),
      min: params.minimumValues[i] ?? 0,
      max: params.maximumValues[i] ?? 1,
      default: params.defaultValues[i] ?? 0,
    }));
  }
  // Cubism 2: the ids come from the .moc (the browser's HTTP cache already holds it); its runtime exposes no ranges,
  // so Live2D's conventions stand in (forms run -1..1, openness 0..1).
  const bytes = internal.settings.moc ? await fetchBytes(internal.settings.resolveURL(internal.settings.moc)) : null;
  return (bytes ? cubism2ParameterIds(bytes) : []).map((id) => {
    const signed = /FORM|ANGLE|_X$|_Y$|_Z$/.test(id) && !/OPEN/.test(id);
    return { id, min: signed ? -1 : 0, max: 1, default: 0 };
  });
}
