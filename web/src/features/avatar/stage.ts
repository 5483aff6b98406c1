// The avatar's renderer (a late chunk: PixiJS and pixi-live2d-display never reach the first page). Owns the frame
// loop, so the mouth is written after the motion update and the loop stops while the avatar cannot be seen.
import { Application, ShaderSystem } from 'pixi.js';
import { install } from '@pixi/unsafe-eval';
import { AvatarError } from './avatar-error';
import { discoverParameters, type Live2DCore, type LoadedModel } from './model-parameters';
import { Live2DParameterManager } from './parameters';
import { loadCubism2Runtime, hasCubismCore } from './runtime';
import type { MouthValue } from './lip-sync';
import { FrameProbe } from './frame-probe';
import { pickExpression } from './expressions';

// PixiJS generates uniform-upload code with `new Function`; this swaps in plain functions so the CSP needs no
// 'unsafe-eval' (and skips the probe that would itself raise a CSP violation).
install({ ShaderSystem });

export type ModelKind = 'cubism2' | 'cubism4';

export interface StageOptions {
  kind: ModelKind;
  /** A model settings URL (.model.json / .model3.json), or the files of a user's model. */
  source: string | File[];
  reducedMotion: boolean;
  /** The mouth to show now (lip-sync), sampled once per frame after the motion update. */
  mouth(): { value: MouthValue; audioTime: number | null };
}

export interface AvatarStage {
  readonly parameters: Live2DParameterManager;
  readonly probe: FrameProbe;
  resize(width: number, height: number): void;
  setRunning(running: boolean): void;
  setReducedMotion(reduced: boolean): void;
  expression(mood: string): boolean;
  tap(clientX: number, clientY: number): void;
  look(clientX: number, clientY: number): void;
  destroy(): void;
}

async function loadModelClass(kind: ModelKind) {
  if (kind === 'cubism2') {
    await loadCubism2Runtime();
    return (await import('pixi-live2d-display/cubism2')).Live2DModel;
  }
  if (!hasCubismCore())
    throw new AvatarError('CORE_MISSING', 'This model needs Live2D’s Cubism Core (live2dcubismcore.min.js). Add it under “Avatar” on the character’s page.');
  return (await import('pixi-live2d-display/cubism4')).Live2DModel;
}

export async function createStage(canvas: HTMLCanvasElement, options: StageOptions): Promise<AvatarStage> {
  const Live2DModel = await loadModelClass(options.kind);
  const app = new Application({
    view: canvas,
    autoStart: false,
    backgroundAlpha: 0,
    // MSAA multiplies the fill cost; on software GL (SwiftShader) it cost most of the frame. Live2D meshes are
    // textured with soft edges already.
    antialias: false,
    autoDensity: true,
    resolution: Math.min(2, window.devicePixelRatio || 1),
    width: canvas.clientWidth || 300,
    height: canvas.clientHeight || 400,
  });
  let model: LoadedModel;
  try {
    model = (await Live2DModel.from(options.source as string, { autoUpdate: false, autoInteract: false })) as unknown as LoadedModel;
  } catch (error) {
    app.destroy(false);
    throw new AvatarError('MODEL_LOAD_FAILED', `The avatar model could not be loaded (${(error as Error)?.message ?? String(error)}).`);
  }
  app.stage.addChild(model as never);
  const parameters = new Live2DParameterManager(await discoverParameters(model, options.kind));
  const core = model.internalModel.coreModel as Live2DCore;
  const probe = new FrameProbe(parameters.id('mouthOpen') ?? parameters.mouthWrites({ open: 1, form: 0 })[0]?.id);
  const naturalMovements = model.internalModel.updateNaturalMovements.bind(model.internalModel);
  const idle = model.internalModel.motionManager.state.shouldRequestIdleMotion.bind(model.internalModel.motionManager.state);

  const setReducedMotion = (reduced: boolean) => {
    // Reduced motion: no idle sway or breathing, no idle motions; blinking and the mouth stay.
    model.internalModel.updateNaturalMovements = reduced ? () => undefined : naturalMovements;
    model.internalModel.motionManager.state.shouldRequestIdleMotion = reduced ? () => false : idle;
    if (reduced) model.internalModel.motionManager.stopAllMotions();
  };
  setReducedMotion(options.reducedMotion);

  // After motions, expressions, physics and pose, just before the model computes its mesh: nothing later in the
  // frame can overwrite the mouth.
  model.internalModel.on('beforeModelUpdate', () => {
    const { value, audioTime } = options.mouth();
    for (const w of parameters.mouthWrites(value)) write(core, options.kind, w.id, w.value);
    probe.record(audioTime, value.open, probe.parameterId ? read(core, options.kind, probe.parameterId) : null);
  });

  const fit = (width: number, height: number) => {
    app.renderer.resize(width, height);
    const w = model.internalModel.width;
    const h = model.internalModel.height;
    const scale = Math.min(width / w, height / h) * 0.98;
    model.scale.set(scale);
    model.position.set((width - w * scale) / 2, (height - h * scale) / 2);
  };
  fit(canvas.clientWidth || 300, canvas.clientHeight || 400);

  let running = false;
  let handle = 0;
  let last = 0;
  const frame = (now: number) => {
    handle = requestAnimationFrame(frame);
    const started = performance.now();
    model.update(Math.min(100, now - last));
    last = now;
    app.render();
    probe.frameTime(performance.now() - started);
  };

  return {
    parameters,
    probe,
    resize: fit,
    setRunning(next) {
      if (next === running) return;
      running = next;
      if (running) {
        last = performance.now();
        handle = requestAnimationFrame(frame);
      } else cancelAnimationFrame(handle);
    },
    setReducedMotion,
    expression(mood) {
      const names = model.internalModel.motionManager.expressionManager?.definitions.map((d) => d.name ?? d.Name ?? '') ?? [];
      const index = pickExpression(names, mood);
      if (index < 0) return false;
      void model.expression(index);
      return true;
    },
    tap(clientX, clientY) {
      const rect = canvas.getBoundingClientRect();
      const hits = model.hitTest(clientX - rect.left, clientY - rect.top);
      const groups = Object.keys(model.internalModel.motionManager.definitions);
      const group = groups.find((g) => /tap.?body/i.test(g)) ?? groups.find((g) => /tap|flick|shake/i.test(g));
      if (hits.length > 0 && group) void model.motion(group);
      else if (hits.length > 0) void model.expression();
    },
    look(clientX, clientY) {
      const rect = canvas.getBoundingClientRect();
      model.focus(clientX - rect.left, clientY - rect.top);
    },
    destroy() {
      cancelAnimationFrame(handle);
      running = false;
      // The model's textures too: leaving a chat must give their memory back (phones keep few WebGL contexts).
      app.destroy(false, { children: true, texture: true, baseTexture: true });
    },
  };
}

function write(core: Live2DCore, kind: ModelKind, id: string, value: number) {
  if (kind === 'cubism2') core.setParamFloat?.(id, value);
  else core.setParameterValueById?.(id, value);
}

function read(core: Live2DCore, kind: ModelKind, id: string): number | null {
  const v = kind === 'cubism2' ? core.getParamFloat?.(id) : core.getParameterValueById?.(id);
  return typeof v === 'number' ? v : null;
}
