import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StopStringFilter } from './stop-strings';

function run(stops: string[], deltas: string[]) {
  const filter = new StopStringFilter(stops);
  let out = '';
  for (const delta of deltas) out += filter.push(delta);
  out += filter.flush();
  return { out, stopped: filter.stopped };
}

describe('StopStringFilter', () => {
  it('cuts at a stop string split across deltas and emits nothing after it', () => {
    expect(run(['\nUser:'], ['Hi there.', '\nUs', 'er: more', ' text'])).toEqual({ out: 'Hi there.', stopped: true });
  });

  it('releases held-back text when the stop string does not materialise', () => {
    expect(run(['</s>'], ['a <', '/x', '> b'])).toEqual({ out: 'a </x> b', stopped: false });
  });

  it('never emits text containing a stop string, and emits the prefix before the first one', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 12 }), fc.constantFrom('END', '##', 'x'), (deltas, stop) => {
        const full = deltas.join('');
        const { out } = run([stop], deltas);
        const cut = full.indexOf(stop);
        expect(out).toBe(cut === -1 ? full : full.slice(0, cut));
      }),
    );
  });
});
