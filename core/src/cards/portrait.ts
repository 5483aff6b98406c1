// A default portrait PNG drawn in code (a silhouette on a colour taken from the name), for cards without a picture.
import { zlibSync } from 'fflate';
import { view } from './bytes';
import { writePngChunks } from './png';

function hue(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0) % 360;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number): number => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))));
  return [f(0), f(8), f(4)];
}

function inSilhouette(x: number, y: number, size: number): boolean {
  const cx = size / 2;
  const head = (x - cx) ** 2 + (y - size * 0.4) ** 2 <= (size * 0.17) ** 2;
  const body = y > size * 0.62 && ((x - cx) / (size * 0.34)) ** 2 + ((y - size * 0.95) / (size * 0.33)) ** 2 <= 1;
  return head || body;
}

export function defaultPortrait(name: string, size = 256): Uint8Array {
  const h = hue(name);
  const top = hslToRgb(h, 0.45, 0.62);
  const bottom = hslToRgb(h, 0.5, 0.38);
  const figure = hslToRgb(h, 0.25, 0.9);
  const stride = size * 3 + 1;
  const raw = new Uint8Array(stride * size);
  for (let y = 0; y < size; y++) {
    const t = y / Math.max(1, size - 1);
    const bg = top.map((c, i) => Math.round(c + (bottom[i]! - c) * t));
    for (let x = 0; x < size; x++) {
      const at = y * stride + 1 + x * 3;
      const rgb = inSilhouette(x, y, size) ? figure : bg;
      raw[at] = rgb[0]!;
      raw[at + 1] = rgb[1]!;
      raw[at + 2] = rgb[2]!;
    }
  }
  const ihdr = new Uint8Array(13);
  const dv = view(ihdr);
  dv.setUint32(0, size);
  dv.setUint32(4, size);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return writePngChunks([
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: zlibSync(raw, { level: 6 }) },
    { type: 'IEND', data: new Uint8Array(0) },
  ]);
}
