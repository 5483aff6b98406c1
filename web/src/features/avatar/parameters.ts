// Live2DParameterManager: finds which of a model's parameters play which role (mouth, eyes, brows, head, body),
// whatever the model calls them, and turns a mouth shape into the writes that model needs.

export interface ParameterInfo {
  readonly id: string;
  /** Display name from cdi3.json, when the model has one. */
  readonly name?: string;
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

export type ParameterRole =
  | 'mouthOpen'
  | 'mouthForm'
  | 'eyeOpenL'
  | 'eyeOpenR'
  | 'browL'
  | 'browR'
  | 'angleX'
  | 'angleY'
  | 'angleZ'
  | 'bodyAngleX'
  | 'breath';

/** Exact ids first (Cubism 3+ standard, then Cubism 2), then patterns for models that name them their own way. */
const ROLE_IDS: Record<ParameterRole, { ids: string[]; pattern?: RegExp }> = {
  mouthOpen: { ids: ['ParamMouthOpenY', 'PARAM_MOUTH_OPEN_Y'], pattern: /mouth.?open|口.*開/i },
  mouthForm: { ids: ['ParamMouthForm', 'PARAM_MOUTH_FORM'], pattern: /mouth.?form|口.*変形/i },
  eyeOpenL: { ids: ['ParamEyeLOpen', 'PARAM_EYE_L_OPEN'], pattern: /eye.?l.?open|左目.*開/i },
  eyeOpenR: { ids: ['ParamEyeROpen', 'PARAM_EYE_R_OPEN'], pattern: /eye.?r.?open|右目.*開/i },
  browL: { ids: ['ParamBrowLY', 'PARAM_BROW_L_Y'], pattern: /brow.?l.?y|左眉.*上下/i },
  browR: { ids: ['ParamBrowRY', 'PARAM_BROW_R_Y'], pattern: /brow.?r.?y|右眉.*上下/i },
  angleX: { ids: ['ParamAngleX', 'PARAM_ANGLE_X'] },
  angleY: { ids: ['ParamAngleY', 'PARAM_ANGLE_Y'] },
  angleZ: { ids: ['ParamAngleZ', 'PARAM_ANGLE_Z'] },
  bodyAngleX: { ids: ['ParamBodyAngleX', 'PARAM_BODY_ANGLE_X', 'PARAM_BODY_X'] },
  breath: { ids: ['ParamBreath', 'PARAM_BREATH'] },
};

/** Vowel mouth shapes (Mao-like models: ParamA…ParamO, or ParamMouthA…): used when there is no mouth-open parameter. */
const VOWELS = ['A', 'I', 'U', 'E', 'O'] as const;
type Vowel = (typeof VOWELS)[number];

export interface MouthShapeLike {
  /** 0 closed .. 1 fully open. */
  readonly open: number;
  /** -1 rounded .. +1 wide. */
  readonly form: number;
}

export interface ParameterWrite {
  readonly id: string;
  readonly value: number;
}

/** How the mouth is driven on this model, for the UI and the logs. */
export type MouthDrive = 'open-form' | 'open' | 'vowels' | 'generic' | 'none';

const norm = (s: string) => s.toLowerCase().replace(/[\s_]/g, '');

export class Live2DParameterManager {
  readonly roles: Partial<Record<ParameterRole, ParameterInfo>> = {};
  readonly vowels: Partial<Record<Vowel, ParameterInfo>> = {};
  /** Mouth parameters of a model with neither open nor vowels: each follows the mouth's openness. */
  readonly genericMouth: ParameterInfo[] = [];
  readonly mouthDrive: MouthDrive;

  constructor(readonly parameters: readonly ParameterInfo[]) {
    const byId = new Map(parameters.map((p) => [norm(p.id), p]));
    for (const [role, rule] of Object.entries(ROLE_IDS) as [ParameterRole, (typeof ROLE_IDS)[ParameterRole]][]) {
      const exact = rule.ids.map((id) => byId.get(norm(id))).find((p) => p !== undefined);
      const fuzzy = rule.pattern ? parameters.find((p) => rule.pattern!.test(p.id) || (p.name !== undefined && rule.pattern!.test(p.name))) : undefined;
      const found = exact ?? fuzzy;
      if (found) this.roles[role] = found;
    }
    for (const v of VOWELS) {
      const found = ['Param' + v, 'ParamMouth' + v, 'PARAM_MOUTH_' + v, 'PARAM_' + v].map((id) => byId.get(norm(id))).find((p) => p);
      if (found) this.vowels[v] = found;
    }
    const used = new Set(Object.values(this.roles).map((p) => p.id));
    if (!this.roles.mouthOpen && Object.keys(this.vowels).length === 0)
      this.genericMouth.push(...parameters.filter((p) => !used.has(p.id) && (/mouth|口/i.test(p.id) || /mouth|口/i.test(p.name ?? ''))));
    this.mouthDrive = this.roles.mouthOpen
      ? this.roles.mouthForm
        ? 'open-form'
        : 'open'
      : Object.keys(this.vowels).length > 0
        ? 'vowels'
        : this.genericMouth.length > 0
          ? 'generic'
          : 'none';
  }

  id(role: ParameterRole): string | undefined {
    return this.roles[role]?.id;
  }

  /** The writes that show this mouth shape. Values are mapped into each parameter's own range. */
  mouthWrites(shape: MouthShapeLike): ParameterWrite[] {
    const open = clamp01(shape.open);
    const form = Math.max(-1, Math.min(1, shape.form));
    const writes: ParameterWrite[] = [];
    const { mouthOpen, mouthForm } = this.roles;
    if (mouthOpen) writes.push({ id: mouthOpen.id, value: lerp(mouthOpen, open) });
    if (mouthForm) writes.push({ id: mouthForm.id, value: mouthForm.min + ((form + 1) / 2) * (mouthForm.max - mouthForm.min) });
    if (this.mouthDrive === 'vowels') {
      // Open vowels carry the openness; the form picks between wide (i, e) and rounded (u, o) shapes.
      const weights: Record<Vowel, number> = {
        A: open * (1 - Math.abs(form)),
        I: open * Math.max(0, form) * 0.8,
        E: open * Math.max(0, form) * 0.6,
        U: open * Math.max(0, -form) * 0.8,
        O: open * Math.max(0, -form) * 0.7,
      };
      for (const v of VOWELS) {
        const p = this.vowels[v];
        if (p) writes.push({ id: p.id, value: lerp(p, weights[v]) });
      }
      // A model without ParamA still opens: give the openness to whatever vowel it has most of.
      if (!this.vowels.A) {
        const first = VOWELS.map((v) => this.vowels[v]).find((p) => p);
        if (first) writes.push({ id: first.id, value: lerp(first, Math.max(open * 0.7, weights[VOWELS.find((v) => this.vowels[v] === first)!])) });
      }
    }
    if (this.mouthDrive === 'generic') for (const p of this.genericMouth) writes.push({ id: p.id, value: lerp(p, open) });
    return dedupe(writes);
  }

  /** The writes for a closed, neutral mouth (rest). */
  restWrites(): ParameterWrite[] {
    return this.mouthWrites({ open: 0, form: 0 });
  }
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.max(0, Math.min(1, x)) : 0;
}

function lerp(p: ParameterInfo, t: number): number {
  // Most mouth parameters run 0..1, but some run -1..1 or 0..2: map into the declared range from its rest (min).
  return p.min + t * (p.max - p.min);
}

function dedupe(writes: ParameterWrite[]): ParameterWrite[] {
  const last = new Map<string, ParameterWrite>();
  for (const w of writes) last.set(w.id, w);
  return [...last.values()];
}

/** Display names from a cdi3.json document (`Parameters: [{Id, Name}]`); unknown shapes give none. */
export function cdiNames(cdi: unknown): Map<string, string> {
  const names = new Map<string, string>();
  const list = (cdi as { Parameters?: unknown } | null)?.Parameters;
  if (!Array.isArray(list)) return names;
  for (const entry of list as unknown[]) {
    const { Id, Name } = (entry ?? {}) as { Id?: unknown; Name?: unknown };
    if (typeof Id === 'string' && typeof Name === 'string') names.set(Id, Name);
  }
  return names;
}

/**
 * Cubism 2 models have no parameter list in their runtime's public API; their ids are plain ASCII inside the .moc
 * (`PARAM_…` by Live2D's convention), so scanning the bytes finds them.
 */
export function cubism2ParameterIds(moc: Uint8Array): string[] {
  const text = new TextDecoder('latin1').decode(moc);
  return [...new Set(text.match(/PARAM_[A-Z0-9_]+/g) ?? [])].sort();
}
