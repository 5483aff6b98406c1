import { describe, expect, it } from 'vitest';
import { fetchTreeListing, parseTreeListing } from './tree-listing';

const page = (path: string, link?: string) =>
  new Response(JSON.stringify([{ type: 'file', path, size: 3, lfs: { oid: `sha256:${'A'.repeat(64)}`, size: 3 } }]), { headers: link ? { link } : {} });
const aborted = () => new Error('aborted');

describe('the shared Hub listing reader', () => {
  it('normalises LFS oids and skips unsafe paths', () => {
    const got = parseTreeListing([
      { type: 'file', path: 'a.onnx', lfs: { oid: `sha256:${'A'.repeat(64)}`, size: 3 } },
      { type: 'file', path: '../x', size: 1 },
      { type: 'file', path: 'b.json', size: 2, oid: 'b'.repeat(40) },
    ]);
    expect([...got]).toEqual([
      ['a.onnx', { size: 3, sha256: 'a'.repeat(64) }],
      ['b.json', { size: 2, sha256: null }],
    ]);
  });

  it('does not follow a next page to another origin, and a page that fails part-way gives no listing at all', async () => {
    const asked: string[] = [];
    const foreign: typeof fetch = async (input) => (asked.push(String(input)), page('one', '<https://elsewhere.test/next>; rel="next"'));
    expect([...((await fetchTreeListing({ base: 'https://hub.test/', repo: 'o/m', revision: 'main', fetch: foreign, aborted })) ?? [])].map(([p]) => p)).toEqual(['one']);
    expect(asked).toEqual(['https://hub.test/api/models/o/m/tree/main?recursive=true']);
    let n = 0;
    const failing: typeof fetch = async () => (n++ === 0 ? page('one', '</api/models/o/m/tree/main?cursor=2>; rel="next"') : new Response('', { status: 500 }));
    expect(await fetchTreeListing({ base: 'https://hub.test/', repo: 'o/m', revision: 'main', fetch: failing, aborted })).toBeNull();
  });
});
