// Every language a voice model in the catalog claims is one the shared list knows, and the text cleaner has real
// rules for it: `zh-cn` in the catalog once met a cleaner that only knew `zh`, and hanzi reached the tokenizer as-is.
import { describe, expect, it } from 'vitest';
import { normalizeXttsLanguage, XTTS_LANGUAGE_IDS } from '../../core/src/schemas/languages.ts';
import { espeakVoiceForXtts } from '../../core/src/speech/aligned-visemes-voices.ts';
import { charLimit } from '../../core/src/speech/xtts/text-chunks.ts';
import { cleanText, isXttsLanguagePrepared, prepareXttsLanguage } from '../../core/src/speech/xtts/text-clean.ts';
import { languageTag } from '../../core/src/speech/xtts/tokenizer.ts';
import { bundledVoiceCatalog } from './catalog-static.ts';
import { loadVoiceCatalog } from './catalog.ts';

const catalogLanguages = [...new Set([...loadVoiceCatalog(), ...bundledVoiceCatalog].flatMap((e) => e.languages))];

describe('catalog languages', () => {
  it('are all ids of the shared list', () => {
    expect(catalogLanguages.length).toBeGreaterThan(0);
    for (const lang of catalogLanguages) expect(XTTS_LANGUAGE_IDS).toContain(lang);
  });

  it.each(catalogLanguages)('%s has a cleaner that loads, a chunk limit, a vocabulary tag and an espeak-ng voice', async (lang) => {
    await prepareXttsLanguage(lang);
    expect(isXttsLanguagePrepared(lang)).toBe(true);
    expect(charLimit(lang)).toBeLessThan(300);
    expect(languageTag(lang)).toBe(`[${lang}]`);
    expect(espeakVoiceForXtts(lang, 'a')).toBeTruthy();
  });

  it('zh-cn (and its alias zh) turn hanzi into pinyin before the tokenizer sees them', async () => {
    await prepareXttsLanguage('zh-cn');
    expect(cleanText('你好，世界。', 'zh-cn')).not.toMatch(/\p{Script=Han}/u);
    expect(cleanText('你好', 'zh')).toBe(cleanText('你好', 'zh-cn'));
    expect(normalizeXttsLanguage('ZH')).toBe('zh-cn');
    expect(normalizeXttsLanguage('xx')).toBeUndefined();
  });
});
