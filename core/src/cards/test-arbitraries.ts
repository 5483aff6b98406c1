// fast-check generators of card, book and entry objects as files contain them, unknown fields included (tests only).
import fc from 'fast-check';

const KNOWN = new Set([
  'spec', 'spec_version', 'data', 'name', 'description', 'personality', 'scenario', 'first_mes', 'mes_example', 'creator_notes',
  'system_prompt', 'post_history_instructions', 'alternate_greetings', 'character_book', 'tags', 'creator', 'character_version',
  'extensions', 'group_only_greetings', 'nickname', 'creator_notes_multilingual', 'source', 'creation_date', 'modification_date',
  'assets', 'keys', 'content', 'enabled', 'insertion_order', 'case_sensitive', 'use_regex', 'constant', 'selective', 'secondary_keys',
  'priority', 'id', 'comment', 'position', 'scan_depth', 'token_budget', 'recursive_scanning', 'entries', 'type', 'uri', 'ext',
]);

export const text = fc.string({ maxLength: 24, unit: 'binary' });
const key = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'toString'));
const unknownKey = key.filter((k) => !KNOWN.has(k));
const json = fc.jsonValue({ maxDepth: 2 });
export const extra = fc.dictionary(unknownKey, json, { maxKeys: 3 });
export const extensions = fc.dictionary(key, json, { maxKeys: 4 });
const withExtra = <T extends object>(arb: fc.Arbitrary<T>) => fc.tuple(arb, extra).map(([known, x]) => ({ ...x, ...known }));

const decorated = fc
  .tuple(fc.array(fc.constantFrom('@@depth 2', '@@role user', '@@dont_activate', '@@future 1', '@@@depth 3'), { maxLength: 3 }), text)
  .map(([lines, body]) => [...lines, body.startsWith('@@') ? `x${body}` : body].join('\n'));

export function entryArb(v3: boolean) {
  return withExtra(
    fc.record(
      {
        keys: fc.array(text, { maxLength: 3 }),
        content: v3 ? fc.oneof(text, decorated) : text.filter((t) => !t.startsWith('@@')),
        extensions,
        enabled: fc.boolean(),
        insertion_order: fc.integer({ min: -1000, max: 1000 }),
        case_sensitive: fc.boolean(),
        ...(v3 ? { use_regex: fc.boolean() } : {}),
        constant: fc.boolean(),
        selective: fc.boolean(),
        secondary_keys: fc.array(text, { maxLength: 2 }),
        name: text,
        priority: fc.integer({ min: 0, max: 100 }),
        id: fc.oneof(fc.integer({ min: 0, max: 1e6 }), text),
        comment: text,
        position: fc.constantFrom('before_char', 'after_char'),
      },
      { requiredKeys: ['keys', 'content', 'extensions', 'enabled', 'insertion_order'] },
    ),
  );
}

export function bookArb(v3: boolean) {
  return withExtra(
    fc.record(
      {
        name: text,
        description: text,
        scan_depth: fc.nat(50),
        token_budget: fc.nat(5000),
        recursive_scanning: fc.boolean(),
        extensions,
        entries: fc.array(entryArb(v3), { maxLength: 4 }),
      },
      { requiredKeys: ['extensions', 'entries'] },
    ),
  );
}

const v2Fields = {
  name: text,
  description: text,
  personality: text,
  scenario: text,
  first_mes: text,
  mes_example: text,
  creator_notes: text,
  system_prompt: text,
  post_history_instructions: text,
  alternate_greetings: fc.array(text, { maxLength: 3 }),
  tags: fc.array(text, { maxLength: 3 }),
  creator: text,
  character_version: text,
  extensions,
};

const asset = withExtra(fc.record({ type: fc.constantFrom('icon', 'background', 'emotion'), uri: text, name: text, ext: fc.constantFrom('png', 'webp') }));

export const v3CardArb = fc
  .tuple(
    withExtra(
      fc.record(
        {
          ...v2Fields,
          character_book: bookArb(true),
          group_only_greetings: fc.array(text, { maxLength: 2 }),
          nickname: text,
          creator_notes_multilingual: fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), text, { maxKeys: 2 }),
          source: fc.array(text, { maxLength: 2 }),
          creation_date: fc.nat(),
          modification_date: fc.nat(),
          assets: fc.array(asset, { maxLength: 2 }),
        },
        { requiredKeys: ['name', 'group_only_greetings', 'extensions'] },
      ),
    ),
    extra,
  )
  .map(([data, top]) => ({ ...top, spec: 'chara_card_v3', spec_version: '3.0', data }));

export const v2CardArb = fc
  .tuple(withExtra(fc.record({ ...v2Fields, character_book: bookArb(false) }, { requiredKeys: ['name', 'extensions'] })), extra)
  .map(([data, top]) => ({ ...top, spec: 'chara_card_v2', spec_version: '2.0', data }));
