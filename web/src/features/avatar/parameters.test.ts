import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cdiNames, cubism2ParameterIds, Live2DParameterManager, type ParameterInfo } from './parameters';

const p = (id: string, min = 0, max = 1, name?: string): ParameterInfo => ({ id, min, max, default: min, name });

describe('Live2DParameterManager', () => {
  it('maps the standard Cubism 3+ ids to their roles', () => {
    const m = new Live2DParameterManager(
      ['ParamAngleX', 'ParamAngleY', 'ParamAngleZ', 'ParamEyeLOpen', 'ParamEyeROpen', 'ParamBrowLY', 'ParamBrowRY', 'ParamBodyAngleX', 'ParamBreath'].map((id) => p(id)).concat(p('ParamMouthOpenY'), p('ParamMouthForm', -1, 1)),
    );
    expect(m.id('mouthOpen')).toBe('ParamMouthOpenY');
    expect(m.id('mouthForm')).toBe('ParamMouthForm');
    expect(m.id('eyeOpenL')).toBe('ParamEyeLOpen');
    expect(m.id('browR')).toBe('ParamBrowRY');
    expect(m.id('angleZ')).toBe('ParamAngleZ');
    expect(m.id('bodyAngleX')).toBe('ParamBodyAngleX');
    expect(m.id('breath')).toBe('ParamBreath');
    expect(m.mouthDrive).toBe('open-form');
    expect(m.mouthWrites({ open: 0.5, form: -1 })).toEqual([
      { id: 'ParamMouthOpenY', value: 0.5 },
      { id: 'ParamMouthForm', value: -1 },
    ]);
  });

  it('maps Cubism 2 ids (PARAM_MOUTH_OPEN_Y)', () => {
    const m = new Live2DParameterManager([p('PARAM_MOUTH_OPEN_Y'), p('PARAM_MOUTH_FORM', -1, 1), p('PARAM_EYE_L_OPEN'), p('PARAM_BODY_X', -10, 10)]);
    expect(m.id('mouthOpen')).toBe('PARAM_MOUTH_OPEN_Y');
    expect(m.id('eyeOpenL')).toBe('PARAM_EYE_L_OPEN');
    expect(m.id('bodyAngleX')).toBe('PARAM_BODY_X');
    expect(m.restWrites()).toEqual([
      { id: 'PARAM_MOUTH_OPEN_Y', value: 0 },
      { id: 'PARAM_MOUTH_FORM', value: 0 },
    ]);
  });

  it('finds roles by display name when the id is the modeller’s own', () => {
    const m = new Live2DParameterManager([p('Param12', 0, 1, '口 開閉'), p('Param13', -1, 1, '口 変形')]);
    expect(m.id('mouthOpen')).toBe('Param12');
    expect(m.id('mouthForm')).toBe('Param13');
  });

  it('drives the vowel parameters of a model with no mouth-open parameter (Mao-like)', () => {
    const m = new Live2DParameterManager(['ParamA', 'ParamI', 'ParamU', 'ParamE', 'ParamO', 'ParamMouthUp'].map((id) => p(id)));
    expect(m.id('mouthOpen')).toBeUndefined();
    expect(m.mouthDrive).toBe('vowels');
    const open = Object.fromEntries(m.mouthWrites({ open: 1, form: 0 }).map((w) => [w.id, w.value]));
    expect(open.ParamA).toBeCloseTo(1);
    expect(open.ParamU).toBe(0);
    const rounded = Object.fromEntries(m.mouthWrites({ open: 1, form: -1 }).map((w) => [w.id, w.value]));
    expect(rounded.ParamU).toBeGreaterThan(0.5);
    expect(rounded.ParamI).toBe(0);
    expect(m.restWrites().every((w) => w.value === 0)).toBe(true);
  });

  it('falls back to any mouth parameter, and to none at all', () => {
    const generic = new Live2DParameterManager([p('MouthSize'), p('ParamHair')]);
    expect(generic.mouthDrive).toBe('generic');
    expect(generic.mouthWrites({ open: 0.4, form: 0 })).toEqual([{ id: 'MouthSize', value: 0.4 }]);
    const none = new Live2DParameterManager([p('ParamHair')]);
    expect(none.mouthDrive).toBe('none');
    expect(none.mouthWrites({ open: 1, form: 1 })).toEqual([]);
  });

  it('maps into the parameter’s own range and clamps bad input', () => {
    const m = new Live2DParameterManager([p('ParamMouthOpenY', 0, 2)]);
    expect(m.mouthWrites({ open: 0.5, form: 0 })).toEqual([{ id: 'ParamMouthOpenY', value: 1 }]);
    expect(m.mouthWrites({ open: Number.NaN, form: 0 })).toEqual([{ id: 'ParamMouthOpenY', value: 0 }]);
    expect(m.mouthWrites({ open: 7, form: 0 })).toEqual([{ id: 'ParamMouthOpenY', value: 2 }]);
  });
});

describe('cdiNames / cubism2ParameterIds', () => {
  it('reads display names and ignores malformed entries', () => {
    expect(cdiNames({ Parameters: [{ Id: 'ParamA', Name: 'あ' }, { Id: 3 }, null] })).toEqual(new Map([['ParamA', 'あ']]));
    expect(cdiNames('nope').size).toBe(0);
  });

  it('finds PARAM_ ids in Cubism 2 moc bytes', () => {
    const bytes = new TextEncoder().encode('\x0dPARAM_ANGLE_X\x00\x12PARAM_MOUTH_OPEN_Y junk PARAM_ANGLE_X');
    expect(cubism2ParameterIds(bytes)).toEqual(['PARAM_ANGLE_X', 'PARAM_MOUTH_OPEN_Y']);
  });

  const haru = fileURLToPath(new URL('../../../../../shared/assets/live2d/Haru/Haru.cdi3.json', import.meta.url));
  it.skipIf(!existsSync(haru))('maps Haru’s parameters (cdi3.json) to the mouth roles', () => {
    const names = cdiNames(JSON.parse(readFileSync(haru, 'utf8')));
    const m = new Live2DParameterManager([...names].map(([id, name]) => p(id, id === 'ParamMouthForm' ? -1 : 0, 1, name)));
    expect(m.id('mouthOpen')).toBe('ParamMouthOpenY');
    expect(m.id('mouthForm')).toBe('ParamMouthForm');
    expect(m.id('eyeOpenR')).toBe('ParamEyeROpen');
  });
});
