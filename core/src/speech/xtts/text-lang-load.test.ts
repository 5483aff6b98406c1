// A language whose module cannot be fetched fails with a coded, recoverable error, and is tried again next time.
import { describe, expect, it, vi } from 'vitest';

const loadSpeller = vi.fn<() => Promise<unknown>>();
vi.mock('./lang/spellers', () => ({ loadSpeller: () => loadSpeller() }));

const { cleanText, isXttsLanguagePrepared, prepareXttsLanguage } = await import('./text-clean');

describe('prepareXttsLanguage failures', () => {
  it('throws XTTS_LANGUAGE_LOAD_FAILED, keeps basic cleaning, and retries on the next call', async () => {
    loadSpeller.mockRejectedValueOnce(new Error('Failed to fetch dynamically imported module'));
    await expect(prepareXttsLanguage('de')).rejects.toMatchObject({
      code: 'XTTS_LANGUAGE_LOAD_FAILED',
      recoverable: true,
    });
    expect(isXttsLanguagePrepared('de')).toBe(false);
    expect(cleanText('Dr. Müller & 2', 'de')).toBe('doktor müller und 2');

    loadSpeller.mockResolvedValueOnce({ cardinal: () => 'zwei', ordinal: () => 'zweite', decimal: () => '' });
    await prepareXttsLanguage('de');
    expect(loadSpeller).toHaveBeenCalledTimes(2);
    expect(cleanText('Dr. Müller & 2', 'de')).toBe('doktor müller und zwei');
  });

  it('loads a language once however many callers wait for it', async () => {
    loadSpeller.mockClear();
    loadSpeller.mockResolvedValue({ cardinal: () => 'x', ordinal: () => 'x', decimal: () => 'x' });
    await Promise.all([prepareXttsLanguage('nl'), prepareXttsLanguage('nl'), prepareXttsLanguage('nl')]);
    await prepareXttsLanguage('nl');
    expect(loadSpeller).toHaveBeenCalledTimes(1);
  });
});
