// Cleaning beyond English. Expected strings come from Coqui's XTTS tokenizer tests (test_expand_numbers_multilingual,
// test_abbreviations_multilingual, test_symbols_multilingual), lower-cased as its pipeline lower-cases, or are worked
// out by hand from the rules the reference applies (num2chn, pypinyin TONE3, hangul_romanize's academic rule).
import { beforeAll, describe, expect, it } from 'vitest';
import { japaneseNumber } from './lang/ja';
import { koreanOrdinal, romanizeHangul } from './lang/ko';
import { hanziNumber, normalizeChineseNumbers, toPinyin } from './lang/zh';
import { cleanText, isXttsLanguagePrepared, prepareXttsLanguage, XTTS_LANGUAGES } from './text-clean';

describe('late loading', () => {
  it('keeps digits until the language is prepared, then spells them out', async () => {
    expect(isXttsLanguagePrepared('fr')).toBe(false);
    expect(cleanText('Il y avait 50 soldats.', 'fr')).toBe('il y avait 50 soldats.');
    await prepareXttsLanguage('fr');
    expect(isXttsLanguagePrepared('fr')).toBe(true);
    expect(cleanText('Il y avait 50 soldats.', 'fr')).toBe('il y avait cinquante soldats.');
  });

  it('resolves for English and unknown languages without loading anything', async () => {
    await expect(prepareXttsLanguage('en')).resolves.toBeUndefined();
    await expect(prepareXttsLanguage('xx')).resolves.toBeUndefined();
    expect(isXttsLanguagePrepared('xx')).toBe(false);
  });
});

describe('prepared languages', () => {
  beforeAll(async () => {
    await Promise.all(XTTS_LANGUAGES.map((l) => prepareXttsLanguage(l)));
  });

  // [lang, input, expected]: numbers, decimals with the language's separator, ordinals, currencies (Coqui's cases).
  it.each([
    ['fr', 'En 12,5 secondes.', 'en douze virgule cinq secondes.'],
    ['fr', 'Ceci est un 1er test', 'ceci est un premier test'],
    ['fr', 'Cela vous fera $20 monsieur.', 'cela vous fera vingt dollars monsieur.'],
    ['fr', 'Cela vous fera 20€ monsieur.', 'cela vous fera vingt euros monsieur.'],
    ['fr', 'Cela vous fera 20,15€ monsieur.', 'cela vous fera vingt euros et quinze centimes monsieur.'],
    ['fr', 'Ce sera 100.000,5.', 'ce sera cent mille virgule cinq.'],
    ['de', 'In 12,5 Sekunden.', 'in zwölf komma fünf sekunden.'],
    ['de', 'Es gab 50 Soldaten.', 'es gab fünfzig soldaten.'],
    ['de', 'Dies ist ein 1. Test', 'dies ist ein erste test'],
    ['de', 'Das macht $20 Herr.', 'das macht zwanzig dollar herr.'],
    ['de', 'Das macht 20,15€ Herr.', 'das macht zwanzig euro und fünfzehn cent herr.'],
    ['es', 'En 12,5 segundos.', 'en doce punto cinco segundos.'],
    ['es', 'Este es un 1er test', 'este es un primero test'],
    ['es', 'Eso le costará $20 señor.', 'eso le costará veinte dólares señor.'],
    ['es', 'Eso le costará 20,15€ señor.', 'eso le costará veinte euros con quince céntimos señor.'],
    ['it', 'In 12,5 secondi.', 'in dodici virgola cinque secondi.'],
    ['it', 'Questo è un 1° test', 'questo è un primo test'],
    ['it', 'Ti costerà $20 signore.', 'ti costerà venti dollari signore.'],
    ['it', 'Ti costerà 20,15€ signore.', 'ti costerà venti euro e quindici centesimi signore.'],
    ['pt', 'Em 12,5 segundos.', 'em doze vírgula cinco segundos.'],
    ['pt', 'Este é um 1º teste', 'este é um primeiro teste'],
    ['pt', 'Isso custará $20 senhor.', 'isso custará vinte dólares senhor.'],
    ['pt', 'Isso custará 20,15€ senhor.', 'isso custará vinte euros e quinze cêntimos senhor.'],
    ['pl', 'W 12,5 sekundy.', 'w dwanaście przecinek pięć sekundy.'],
    ['pl', 'Było 50 żołnierzy.', 'było pięćdziesiąt żołnierzy.'],
    ['pl', 'To będzie kosztować 20€ panie.', 'to będzie kosztować dwadzieścia euro panie.'],
    ['pl', 'To będzie kosztować 20,15€ panie.', 'to będzie kosztować dwadzieścia euro, piętnaście centów panie.'],
    ['ar', 'كان هناك 50 جنديًا.', 'كان هناك خمسون جنديًا.'],
    ['cs', 'Za 12,5 vteřiny.', 'za dvanáct celá pět vteřiny.'],
    ['cs', 'Bylo tam 50 vojáků.', 'bylo tam padesát vojáků.'],
    ['cs', 'To bude stát 20€ pane.', 'to bude stát dvacet euro pane.'],
    ['cs', 'To bude 20.15€ pane.', 'to bude dvacet euro, patnáct centů pane.'],
    ['ru', 'Через 12.5 секунды.', 'через двенадцать запятая пять секунды.'],
    ['ru', 'Там было 50 солдат.', 'там было пятьдесят солдат.'],
    ['ru', 'Это будет 20.15€ сэр.', 'это будет двадцать евро, пятнадцать центов сэр.'],
    ['nl', 'In 12,5 seconden.', 'in twaalf komma vijf seconden.'],
    ['nl', 'Dat wordt dan $20 meneer.', 'dat wordt dan twintig dollar meneer.'],
    ['nl', 'Dat wordt dan 20€ meneer.', 'dat wordt dan twintig euro meneer.'],
    ['tr', '50 asker vardı.', 'elli asker vardı.'],
    ['tr', 'Bu 1. test', 'bu birinci test'],
    ['hu', '50 katona volt.', 'ötven katona volt.'],
    ['hu', 'Ez az 1. teszt', 'ez az első teszt'],
  ])('%s: %s', (lang, input, expected) => {
    expect(cleanText(input, lang)).toBe(expected);
  });

  it('chooses the plural form a count takes (Slavic 1 / 2-4 / 5+) and the "one" used before a noun', () => {
    expect(cleanText('22$ i 5$', 'pl')).toBe('dwadzieścia dwa dolary i pięć dolarów');
    expect(cleanText('21$, 3$', 'ru')).toBe('двадцать один доллар, три доллара');
    expect(cleanText('$1', 'es')).toBe('un dólar');
    expect(cleanText('£2 und ¥3', 'de')).toBe('zwei pfund und drei yen');
  });

  it('reads a sentence-final number after a dot as a cardinal, and a dot before more text as an ordinal', () => {
    expect(cleanText('Das kostet 50.', 'de')).toBe('das kostet fünfzig.');
    expect(cleanText('Am 3. Mai', 'de')).toBe('am dritte mai');
  });

  it.each([
    ['es', 'Hola Sr. Garcia.', 'hola señor garcia.'],
    ['es', 'La Dra. Martinez es muy buena.', 'la doctora martinez es muy buena.'],
    ['fr', 'Bonjour Mr. Dupond.', 'bonjour monsieur dupond.'],
    ['fr', "Mme. Moreau est absente aujourd'hui.", "madame moreau est absente aujourd'hui."],
    ['de', 'Frau Dr. Müller ist sehr klug.', 'frau doktor müller ist sehr klug.'],
    ['pt', 'Dra. Costa, você está disponível?', 'doutora costa, você está disponível?'],
    ['it', 'Buongiorno, Sig. Rossi.', 'buongiorno, signore rossi.'],
    ['pl', 'Dzień dobry, P. Kowalski.', 'dzień dobry, pani kowalski.'],
    ['pl', 'M. Nowak, czy mogę zadać pytanie?', 'pan nowak, czy mogę zadać pytanie?'],
    ['cs', 'P. Novák', 'pan novák'],
    ['nl', 'Mevr. de Vries', 'mevrouw de vries'],
    ['ru', 'Здравствуйте Г-н Иванов.', 'здравствуйте господин иванов.'],
    ['ru', 'Д-р Смирнов здесь, чтобы увидеть вас.', 'доктор смирнов здесь, чтобы увидеть вас.'],
    ['tr', 'Merhaba B. Yılmaz.', 'merhaba bay yılmaz.'],
    ['hu', 'Dr. Szabó itt van.', 'doktor szabó itt van.'],
  ])('abbreviation %s: %s', (lang, input, expected) => {
    expect(cleanText(input, lang)).toBe(expected);
  });

  // Coqui's symbol cases; its numbers step runs first, so "14" is spelled out here too.
  it.each([
    ['es', 'Te veo @ la fiesta', 'te veo arroba la fiesta'],
    ['fr', "J'ai 14° de fièvre", "j'ai quatorze degrés de fièvre"],
    ['pt', 'O meu email é ana&joao@gmail.com', 'o meu email é ana e joao arroba gmail.com'],
    ['it', 'linguaggio di programmazione C#', 'linguaggio di programmazione c cancelletto'],
    ['cs', 'Mám 14% baterie', 'mám čtrnáct procento baterie'],
    ['ru', 'Я буду @ дома', 'я буду собака дома'],
    ['nl', 'Ik zie je @ het feest', 'ik zie je bij het feest'],
    ['ar', 'لدي 14% في البطارية', 'لدي أربعة عشر في المئة في البطارية'],
    ['tr', 'Pilim %14 dolu.', 'pilim yüzde on dört dolu.'],
    ['hu', 'Az akkumulátorom töltöttsége 14%', 'az akkumulátorom töltöttsége tizennégy százalék'],
  ])('symbol %s: %s', (lang, input, expected) => {
    expect(cleanText(input, lang)).toBe(expected);
  });
});

describe('Chinese', () => {
  it('writes numbers as num2chn does', () => {
    expect(hanziNumber('12.5')).toBe('十二点五');
    expect(hanziNumber('50')).toBe('五十');
    expect(hanziNumber('105')).toBe('一百零五');
    expect(hanziNumber('110')).toBe('一百一十');
    expect(hanziNumber('1050')).toBe('一千零五十');
    expect(hanziNumber('120000')).toBe('十二万');
    expect(hanziNumber('20000')).toBe('两万');
    expect(hanziNumber('22')).toBe('二十二');
    expect(hanziNumber('2')).toBe('二');
    expect(hanziNumber('0.5')).toBe('零点五');
    expect(hanziNumber('2024', false)).toBe('二零二四');
  });

  it('normalises numbers in context like zh_num2words, punctuation to commas', () => {
    expect(normalizeChineseNumbers('在12.5秒内')).toBe('在十二点五秒内');
    expect(normalizeChineseNumbers('有50名士兵')).toBe('有五十名士兵');
    expect(normalizeChineseNumbers('我的电量为14%。')).toBe('我的电量为百分之十四,');
    expect(normalizeChineseNumbers('2024年3月5日')).toBe('二零二四年三月五日');
    expect(normalizeChineseNumbers('1/2')).toBe('二分之一');
    expect(normalizeChineseNumbers('有1000人')).toBe('有一零零零人');
    expect(normalizeChineseNumbers('P2P，好！')).toBe('P2P,好,');
    expect(normalizeChineseNumbers('花了$20')).toBe('花了二十美元');
  });

  it('romanises to pinyin with tone numbers, neutral tone 5 and v for ü, without spaces', () => {
    expect(toPinyin('你好')).toBe('ni3hao3');
    expect(toPinyin('绿色的吗')).toBe('lv4se4de5ma5');
    expect(toPinyin('abc 中')).toBe('abc zhong1');
  });

  it('cleans end to end once prepared', async () => {
    await prepareXttsLanguage('zh');
    expect(cleanText('在12.5秒内，有50名士兵。', 'zh')).toBe('zai4shi2er4dian3wu3miao3nei4,you3wu3shi2ming2shi4bing1,');
  });
});

describe('Korean', () => {
  it('romanises syllables letter by letter with the academic hyphens', () => {
    expect(romanizeHangul('가')).toBe('ga');
    expect(romanizeHangul('힣')).toBe('hih');
    expect(romanizeHangul('밝')).toBe('balg');
    // 요 starts with the silent ㅇ; 옷소's s+s could also be ㅆ.
    expect(romanizeHangul('안녕하세요')).toBe('annyeonghase-yo');
    expect(romanizeHangul('옷소')).toBe('os-so');
    expect(romanizeHangul('한국 abc!')).toBe('hangug abc!');
  });

  it('writes ordinals with native numerals and 번째', () => {
    const cardinal = (d: string) => `<${d}>`;
    expect(koreanOrdinal('1', cardinal)).toBe('첫 번째');
    expect(koreanOrdinal('3', cardinal)).toBe('세 번째');
    expect(koreanOrdinal('20', cardinal)).toBe('스무 번째');
    expect(koreanOrdinal('21', cardinal)).toBe('스물한 번째');
    expect(koreanOrdinal('100', cardinal)).toBe('<100> 번째');
  });

  it('spells numbers in Korean, then romanises everything', async () => {
    await prepareXttsLanguage('ko');
    // "오십 명의 병사가 있었다." (Coqui's case) romanised.
    expect(cleanText('50 명의 병사가 있었다.', 'ko')).toBe('osib myeong-ui byeongsaga iss-eossda.');
    // "첫 번째 테스트" / "십사 퍼센트"
    expect(cleanText('1번째 테스트', 'ko')).toBe('cheos beon-jjae teseuteu');
    expect(cleanText('14%', 'ko')).toBe('sibsa peosenteu');
  });
});

describe('Japanese', () => {
  it('reads numbers in Hepburn with the sound changes of 百 and 千', () => {
    expect(japaneseNumber('0')).toBe('zero');
    expect(japaneseNumber('300')).toBe('sanbyaku');
    expect(japaneseNumber('600')).toBe('roppyaku');
    expect(japaneseNumber('8000')).toBe('hassen');
    expect(japaneseNumber('2024')).toBe('nisen nijuu yon');
    expect(japaneseNumber('10000')).toBe('ichiman');
    expect(japaneseNumber('10000000')).toBe('issenman');
    expect(japaneseNumber('12345678')).toBe('sen nihyaku sanjuu yonman gosen roppyaku nanajuu hachi');
  });

  it('romanises kana, reads numbers and prices, and leaves kanji in place', async () => {
    await prepareXttsLanguage('ja');
    expect(cleanText('ひらがな カタカナ', 'ja')).toBe('hiragana katakana');
    expect(cleanText('きって を かった', 'ja')).toBe('kitte wo katta');
    expect(cleanText('ゲーム、1000円です。', 'ja')).toBe('geemu, sen en desu.');
    expect(cleanText('「東京」', 'ja')).toBe('東京');
  });
});
