// Per-language word tables of XTTS's text cleaning: abbreviations, symbols, ordinal suffixes, decimal words and
// currency names. The abbreviation, symbol and ordinal entries follow Coqui's XTTS tokenizer (what the model was
// trained on); currency names follow num2words, which Coqui calls. Pure data, small enough for the main xtts chunk.

/** "dr." → "doctor": the abbreviation (without its dot) and its expansion, matched case-insensitively as a word. */
export const ABBREVIATIONS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  en: [
    ['mrs', 'misess'],
    ['mr', 'mister'],
    ['dr', 'doctor'],
    ['st', 'saint'],
    ['co', 'company'],
    ['jr', 'junior'],
    ['maj', 'major'],
    ['gen', 'general'],
    ['drs', 'doctors'],
    ['rev', 'reverend'],
    ['lt', 'lieutenant'],
    ['hon', 'honorable'],
    ['sgt', 'sergeant'],
    ['capt', 'captain'],
    ['esq', 'esquire'],
    ['ltd', 'limited'],
    ['col', 'colonel'],
    ['ft', 'fort'],
  ],
  es: [
    ['sra', 'señora'],
    ['sr', 'señor'],
    ['dr', 'doctor'],
    ['dra', 'doctora'],
    ['st', 'santo'],
    ['co', 'compañía'],
    ['jr', 'junior'],
    ['ltd', 'limitada'],
  ],
  fr: [
    ['mme', 'madame'],
    ['mr', 'monsieur'],
    ['dr', 'docteur'],
    ['st', 'saint'],
    ['co', 'compagnie'],
    ['jr', 'junior'],
    ['ltd', 'limitée'],
  ],
  de: [
    ['fr', 'frau'],
    ['dr', 'doktor'],
    ['st', 'sankt'],
    ['co', 'firma'],
    ['jr', 'junior'],
  ],
  pt: [
    ['sra', 'senhora'],
    ['sr', 'senhor'],
    ['dr', 'doutor'],
    ['dra', 'doutora'],
    ['st', 'santo'],
    ['co', 'companhia'],
    ['jr', 'júnior'],
    ['ltd', 'limitada'],
  ],
  it: [
    ['sig', 'signore'],
    ['dr', 'dottore'],
    ['st', 'santo'],
    ['co', 'compagnia'],
    ['jr', 'junior'],
    ['ltd', 'limitata'],
  ],
  pl: [
    ['p', 'pani'],
    ['m', 'pan'],
    ['dr', 'doktor'],
    ['sw', 'święty'],
    ['jr', 'junior'],
  ],
  cs: [
    ['dr', 'doktor'],
    ['ing', 'inženýr'],
    ['p', 'pan'],
  ],
  nl: [
    ['dhr', 'de heer'],
    ['mevr', 'mevrouw'],
    ['dr', 'dokter'],
    ['jhr', 'jonkheer'],
  ],
  tr: [
    ['b', 'bay'],
    ['byk', 'büyük'],
    ['dr', 'doktor'],
  ],
  hu: [
    ['dr', 'doktor'],
    ['b', 'bácsi'],
    ['nőv', 'nővér'],
  ],
};

/** Russian abbreviations are hyphenated and carry no dot, so Coqui matches them as whole words instead. */
export const ABBREVIATIONS_WITHOUT_DOT: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  ru: [
    ['г-жа', 'госпожа'],
    ['г-н', 'господин'],
    ['д-р', 'доктор'],
  ],
};

/** Symbols in the order & @ % # $ £ °, spelled out with spaces around (Coqui's _symbols_multilingual). */
const SYMBOL_ORDER = ['&', '@', '%', '#', '$', '£', '°'] as const;
const SYMBOL_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: ['and', 'at', 'percent', 'hash', 'dollar', 'pound', 'degree'],
  es: ['y', 'arroba', 'por ciento', 'numeral', 'dolar', 'libra', 'grados'],
  fr: ['et', 'arobase', 'pour cent', 'dièse', 'dollar', 'livre', 'degrés'],
  de: ['und', 'at', 'prozent', 'raute', 'dollar', 'pfund', 'grad'],
  pt: ['e', 'arroba', 'por cento', 'cardinal', 'dólar', 'libra', 'graus'],
  it: ['e', 'chiocciola', 'per cento', 'cancelletto', 'dollaro', 'sterlina', 'gradi'],
  pl: ['i', 'małpa', 'procent', 'krzyżyk', 'dolar', 'funt', 'stopnie'],
  ar: ['و', 'على', 'في المئة', 'رقم', 'دولار', 'جنيه', 'درجة'],
  zh: ['和', '在', '百分之', '号', '美元', '英镑', '度'],
  cs: ['a', 'na', 'procento', 'křížek', 'dolar', 'libra', 'stupně'],
  ru: ['и', 'собака', 'процентов', 'номер', 'доллар', 'фунт', 'градус'],
  nl: ['en', 'bij', 'procent', 'hekje', 'dollar', 'pond', 'graden'],
  tr: ['ve', 'at', 'yüzde', 'diyez', 'dolar', 'sterlin', 'derece'],
  hu: ['és', 'kukac', 'százalék', 'kettőskereszt', 'dollár', 'font', 'fok'],
  ko: ['그리고', '에', '퍼센트', '번호', '달러', '파운드', '도'],
};

export const SYMBOLS: Readonly<Record<string, readonly (readonly [string, string])[]>> = Object.fromEntries(
  Object.entries(SYMBOL_WORDS).map(([lang, words]) => [
    lang,
    SYMBOL_ORDER.map((s, i) => [s, ` ${words[i]!} `] as const),
  ]),
);

/**
 * Suffixes that make a number an ordinal (Coqui's _ordinal_re), tried on lower-cased text right after the digits.
 * A trailing dot (de, cs, tr, hu) counts only before whitespace, as in Coqui, but not at the very end of the text:
 * there it is far more often a full stop ("Das kostet 50.") than an ordinal. Alternatives keep Coqui's order, since
 * the first that matches wins ("2os" reads as "segundo" + "s" there, and so here).
 */
const DOT = '\\.(?=\\s+\\S)';
export const ORDINAL_SUFFIX: Readonly<Record<string, string>> = {
  en: '(?:st|nd|rd|th)',
  es: '(?:º|ª|er|o|a|os|as)',
  fr: '(?:º|ª|er|re|e|ème)',
  de: `(?:st|nd|rd|th|º|ª|${DOT})`,
  pt: '(?:º|ª|o|a|os|as)',
  it: '(?:º|°|ª|o|a|i|e)',
  pl: '(?:º|ª|st|nd|rd|th)',
  ar: '(?:ون|ين|ث|ر|ى)',
  cs: DOT,
  ru: '(?:-й|-я|-е|-ое|-ье|-го)',
  nl: '(?:de|ste|e)',
  tr: `(?:${DOT}|inci|nci|uncu|üncü)`,
  hu: `(?:${DOT}|adik|edik|odik|ödik|ödike|ik)`,
  ko: '(?:번째|번|차|째)',
};

/**
 * The word between the whole and the fractional digits, which num2words then reads one digit at a time
 * ("12.5" → "douze virgule cinq"). Languages missing here read decimals with their own grammar (hu, ko, ar, hi, tr).
 */
export const DECIMAL_POINT: Readonly<Record<string, string>> = {
  fr: 'virgule',
  de: 'komma',
  es: 'punto',
  it: 'virgola',
  pt: 'vírgula',
  pl: 'przecinek',
  cs: 'celá',
  ru: 'запятая',
  nl: 'komma',
};

/** Thousands separators: a comma in English and Russian, a dot elsewhere (as Coqui strips them). */
export const COMMA_THOUSANDS = new Set(['en', 'ru']);

export type CurrencyCode = 'USD' | 'EUR' | 'GBP' | 'JPY';
export const CURRENCY_OF_SYMBOL: Readonly<Record<string, CurrencyCode>> = {
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
};

/** Names by CLDR plural category (`one`, `few`, `many`, `other`); `other` is the fallback. */
type Forms = Readonly<Partial<Record<Intl.LDMLPluralRule, string>>> & { readonly other: string };
interface CurrencyNames {
  readonly unit: Forms;
  readonly sub: Forms;
}
const f = (one: string, other = one, few?: string, many?: string): Forms => ({ one, other, few, many });

/** Between units and subunits ("vingt euros et quinze centimes"): Coqui's and_equivalents. */
export const CURRENCY_JOIN: Readonly<Record<string, string>> = {
  es: ' con ',
  fr: ' et ',
  de: ' und ',
  pt: ' e ',
  it: ' e ',
};

/** Currency words per language, as num2words writes them ("twenty euro", "dwadzieścia euro, piętnaście centów"). */
export const CURRENCY_NAMES: Readonly<Record<string, Readonly<Record<CurrencyCode, CurrencyNames>>>> = {
  fr: {
    USD: { unit: f('dollar', 'dollars'), sub: f('cent', 'cents') },
    EUR: { unit: f('euro', 'euros'), sub: f('centime', 'centimes') },
    GBP: { unit: f('livre', 'livres'), sub: f('penny', 'pence') },
    JPY: { unit: f('yen', 'yens'), sub: f('sen', 'sen') },
  },
  de: {
    USD: { unit: f('dollar'), sub: f('cent') },
    EUR: { unit: f('euro'), sub: f('cent') },
    GBP: { unit: f('pfund'), sub: f('penny', 'pence') },
    JPY: { unit: f('yen'), sub: f('sen') },
  },
  es: {
    USD: { unit: f('dólar', 'dólares'), sub: f('centavo', 'centavos') },
    EUR: { unit: f('euro', 'euros'), sub: f('céntimo', 'céntimos') },
    GBP: { unit: f('libra', 'libras'), sub: f('penique', 'peniques') },
    JPY: { unit: f('yen', 'yenes'), sub: f('sen') },
  },
  it: {
    USD: { unit: f('dollaro', 'dollari'), sub: f('centesimo', 'centesimi') },
    EUR: { unit: f('euro'), sub: f('centesimo', 'centesimi') },
    GBP: { unit: f('sterlina', 'sterline'), sub: f('penny', 'pence') },
    JPY: { unit: f('yen'), sub: f('sen') },
  },
  pt: {
    USD: { unit: f('dólar', 'dólares'), sub: f('cêntimo', 'cêntimos') },
    EUR: { unit: f('euro', 'euros'), sub: f('cêntimo', 'cêntimos') },
    GBP: { unit: f('libra', 'libras'), sub: f('péni', 'pence') },
    JPY: { unit: f('iene', 'ienes'), sub: f('sen') },
  },
  pl: {
    USD: { unit: f('dolar', 'dolarów', 'dolary', 'dolarów'), sub: f('cent', 'centów', 'centy', 'centów') },
    EUR: { unit: f('euro'), sub: f('cent', 'centów', 'centy', 'centów') },
    GBP: { unit: f('funt', 'funtów', 'funty', 'funtów'), sub: f('pens', 'pensów', 'pensy', 'pensów') },
    JPY: { unit: f('jen', 'jenów', 'jeny', 'jenów'), sub: f('sen') },
  },
  cs: {
    USD: { unit: f('dolar', 'dolarů', 'dolary'), sub: f('cent', 'centů', 'centy') },
    EUR: { unit: f('euro'), sub: f('cent', 'centů', 'centy') },
    GBP: { unit: f('libra', 'liber', 'libry'), sub: f('pence') },
    JPY: { unit: f('jen', 'jenů', 'jeny'), sub: f('sen') },
  },
  ru: {
    USD: { unit: f('доллар', 'долларов', 'доллара', 'долларов'), sub: f('цент', 'центов', 'цента', 'центов') },
    EUR: { unit: f('евро'), sub: f('цент', 'центов', 'цента', 'центов') },
    GBP: { unit: f('фунт', 'фунтов', 'фунта', 'фунтов'), sub: f('пенс', 'пенсов', 'пенса', 'пенсов') },
    JPY: { unit: f('иена', 'иен', 'иены', 'иен'), sub: f('сен') },
  },
  nl: {
    USD: { unit: f('dollar'), sub: f('cent') },
    EUR: { unit: f('euro'), sub: f('cent') },
    GBP: { unit: f('pond'), sub: f('penny', 'pence') },
    JPY: { unit: f('yen'), sub: f('sen') },
  },
  ar: {
    USD: { unit: f('دولار'), sub: f('سنت') },
    EUR: { unit: f('يورو'), sub: f('سنت') },
    GBP: { unit: f('جنيه'), sub: f('بنس') },
    JPY: { unit: f('ين'), sub: f('سن') },
  },
  tr: {
    USD: { unit: f('dolar'), sub: f('sent') },
    EUR: { unit: f('avro'), sub: f('sent') },
    GBP: { unit: f('sterlin'), sub: f('peni') },
    JPY: { unit: f('yen'), sub: f('sen') },
  },
  hu: {
    USD: { unit: f('dollár'), sub: f('cent') },
    EUR: { unit: f('euró'), sub: f('cent') },
    GBP: { unit: f('font'), sub: f('penny') },
    JPY: { unit: f('jen'), sub: f('szen') },
  },
  ko: {
    USD: { unit: f('달러'), sub: f('센트') },
    EUR: { unit: f('유로'), sub: f('센트') },
    GBP: { unit: f('파운드'), sub: f('펜스') },
    JPY: { unit: f('엔'), sub: f('센') },
  },
  hi: {
    USD: { unit: f('डॉलर'), sub: f('सेंट') },
    EUR: { unit: f('यूरो'), sub: f('सेंट') },
    GBP: { unit: f('पाउंड'), sub: f('पेंस') },
    JPY: { unit: f('येन'), sub: f('सेन') },
  },
};

/** The form of a currency word that goes with `count` (Intl's plural rules know the Slavic 1 / 2-4 / 5+ forms). */
export function currencyForm(forms: Forms, count: bigint, lang: string): string {
  // Past 2^53 only the last digits decide the form; a million keeps the thousands in view.
  const n = count <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(count) : Number(count % 1_000_000n) + 1_000_000;
  const category = new Intl.PluralRules(lang).select(n);
  return forms[category] ?? forms.other;
}
