// Cloned voices in the browser with the rigged test-tiny-xtts from the server's store: a short clip is refused, a good
// one is cloned, the voice survives a reload (IndexedDB), and its preview is exactly what core's XttsModel makes on
// onnxruntime-node in this process for the same clip, text and seed, on WASM and on WebGPU (SwiftShader).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Page } from '@playwright/test';
import { decodeWav, encodeWav, toMono } from '../core/src/audio/index.ts';
import { createEspeakEngine } from '../core/src/speech/espeak/index.ts';
import { XttsModel, type XttsSession } from '../core/src/speech/xtts/index.ts';
import { TINY_REPLY, TINY_XTTS_REPO, ensureTinyXtts } from '../models/src/fixtures/index.ts';
import { PREVIEW_SEED, PREVIEW_TEXT } from '../web/src/features/voice/preview-text.ts';
import { loadTinyModel, send, startChatWith, useGreedyDecoding, waitForReply } from './app-helpers.ts';
import { expect, test } from './fixtures';

const HARU = resolve('../shared/assets/live2d/Haru/sounds');
const BACKEND_LABEL = { wasm: 'WebAssembly', webgpu: 'WebGPU' } as const;

interface Clips {
  /** 3 s or more of speech: accepted. */
  good: string;
  /** Under 3 s: refused. */
  short: string;
}

/** The Haru clips when the shared assets are there; otherwise espeak-ng speech written as WAV here. */
async function clips(): Promise<Clips> {
  if (existsSync(join(HARU, 'haru_Info_14.wav')))
    return { good: join(HARU, 'haru_Info_14.wav'), short: join(HARU, 'haru_Info_04.wav') };
  console.warn(`${HARU} is absent: cloning from espeak-ng speech instead.`);
  const engine = await createEspeakEngine();
  const speech = await engine.synthesize(
    'Hello there. This is a sample of my voice, recorded for cloning. I hope it sounds like me.',
  );
  const dir = mkdtempSync(join(tmpdir(), 'cloned-voice-'));
  const write = (name: string, samples: Float32Array) => {
    const path = join(dir, name);
    writeFileSync(path, encodeWav({ sampleRate: speech.sampleRate, channels: [samples] }));
    return path;
  };
  return {
    good: write('espeak.wav', speech.samples),
    short: write('espeak-short.wav', speech.samples.slice(0, speech.sampleRate)),
  };
}

/** What core's pipeline on onnxruntime-node makes of the clip (read back from the same 16-bit WAV bytes). */
async function referencePreview(clip: string): Promise<Float32Array> {
  const dir = ensureTinyXtts();
  const model = await XttsModel.load({
    readFile: async (p) => new Uint8Array(readFileSync(join(dir, p))),
    createSession: async (_graph, file) =>
      (await ort.InferenceSession.create(join(dir, file))) as unknown as XttsSession,
    tensor: (type, data, dims) => new ort.Tensor(type, data, [...dims]),
  });
  const wav = decodeWav(new Uint8Array(readFileSync(clip)));
  const voice = await model.cloneVoice(toMono(wav), wav.sampleRate);
  return model.synthesize(PREVIEW_TEXT, voice, { seed: PREVIEW_SEED, language: 'en' });
}

let sample: Clips;
let reference: Float32Array;

test.beforeAll(async () => {
  sample = await clips();
  reference = await referencePreview(sample.good);
});

async function openSection(page: Page) {
  const section = page.getByRole('region', { name: 'Cloned voices' });
  await section.getByRole('button', { name: 'Set up cloned voices' }).click();
  await expect(section.getByRole('button', { name: 'Load voice model' })).toBeVisible();
  return section;
}

async function loadTinyXtts(page: Page, backend: 'wasm' | 'webgpu') {
  const section = await openSection(page);
  await section.getByRole('combobox', { name: 'Voice model' }).selectOption('custom');
  await section.getByLabel('Repository id').fill(TINY_XTTS_REPO);
  await section.getByLabel('Download from').selectOption('server');
  await section.getByLabel('Run on').selectOption(backend);
  await section.getByRole('button', { name: 'Load voice model' }).click();
  await expect(section.getByTestId('xtts-status')).toContainText('Voice model ready', { timeout: 90_000 });
  return section;
}

for (const backend of ['wasm', 'webgpu'] as const) {
  test(`clone from a clip, keep it across a reload, preview it exactly as onnxruntime-node on ${backend}`, async ({
    page,
    problems,
  }) => {
    test.setTimeout(240_000);
    await page.goto('/voices');
    const licence = (await openSection(page)).getByTestId('xtts-licence');
    // The size and the licence are shown before anything is downloaded.
    await expect(licence).toContainText('non-commercial');
    await expect(licence).toContainText('GB');
    await page.reload();
    let section = await loadTinyXtts(page, backend);
    await expect(section.getByTestId('xtts-backend')).toHaveText(BACKEND_LABEL[backend]);

    // A clip under 3 s is refused with the reason, and cannot be cloned.
    const file = section.getByLabel(/Voice sample/);
    await file.setInputFiles(sample.short);
    await expect(section.getByTestId('sample-refusals')).toContainText('at least 3 s is needed');
    await expect(section.getByRole('button', { name: 'Clone voice' })).toBeDisabled();

    await file.setInputFiles(sample.good);
    await expect(section.getByTestId('sample-check')).toContainText('Good to clone.');
    const name = `Haru on ${backend}`;
    await section.getByLabel('Voice name').fill(name);
    await section.getByRole('button', { name: 'Clone voice' }).click();
    await expect(section.getByTestId('clone-status')).toContainText(`Cloned “${name}”`, { timeout: 60_000 });
    await expect(section.getByTestId('cloned-voice-name')).toHaveText([name]);

    // Kept in IndexedDB: still there after a reload, and offered by the chat's voice picker.
    await page.reload();
    section = await openSection(page);
    await expect(section.getByTestId('cloned-voice-name')).toHaveText([name]);
    await page.getByLabel(/Speak replies/).check();
    await expect(page.getByRole('combobox', { name: 'Voice' }).locator('option', { hasText: name })).toHaveCount(1);
    await page.getByLabel(/Speak replies/).uncheck();

    // The preview loads the voice's model again (from the browser's cache) on the chosen backend and speaks.
    await section.getByLabel('Run on').selectOption(backend);
    await section
      .getByTestId('cloned-voice')
      .filter({ hasText: name })
      .getByRole('button', { name: 'Preview' })
      .click();
    const status = section.getByTestId('preview-status');
    await expect(status).toContainText('Save preview', { timeout: 120_000 });
    await expect(section.getByTestId('preview-backend')).toHaveText(BACKEND_LABEL[backend]);
    expect(Number(await section.getByTestId('preview-samples').textContent())).toBe(reference.length);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      status.getByRole('link', { name: 'Save preview (WAV)' }).click(),
    ]);
    const wav = decodeWav(new Uint8Array(readFileSync((await download.path()) ?? '')));
    const got = wav.channels[0]!;
    expect(wav.sampleRate).toBe(24000);
    expect(got.length).toBe(reference.length);
    let maxDiff = 0;
    for (let i = 0; i < got.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i]! - reference[i]!));
    console.log(
      `${backend}: ${got.length} samples, largest difference from onnxruntime-node ${maxDiff.toExponential(2)}`,
    );
    // WASM matches to float rounding; WebGPU's kernels differ from the CPU's by about 1e-5.
    expect(maxDiff).toBeLessThan(1e-4);

    // The downloaded model files are listed with their size and can be removed; the voice itself stays.
    const downloaded = section.getByTestId('downloaded-model').filter({ hasText: TINY_XTTS_REPO });
    await expect(downloaded).toHaveCount(1);
    await downloaded.getByRole('button', { name: 'Remove' }).click();
    await expect(downloaded).toHaveCount(0);
    await expect(section.getByTestId('cloned-voice-name')).toHaveText([name]);

    expect(problems.cspViolations).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });
}

test('chat replies are spoken in a cloned voice, sentence by sentence', async ({ page, problems }) => {
  test.setTimeout(300_000);
  await page.goto('/voices');
  const section = await loadTinyXtts(page, 'wasm');
  await section.getByLabel(/Voice sample/).setInputFiles(sample.good);
  await section.getByLabel('Voice name').fill('Chat voice');
  await section.getByRole('button', { name: 'Clone voice' }).click();
  await expect(section.getByTestId('clone-status')).toContainText('Cloned “Chat voice”', { timeout: 60_000 });
  // The new voice becomes the default voice replies are spoken in.
  await page
    .getByRole('region', { name: 'Default voice' })
    .getByRole('combobox', { name: 'Voice' })
    .selectOption({ label: 'Chat voice' });

  await useGreedyDecoding(page);
  // WebGPU (SwiftShader) writes about a token a second, so sentences are spoken while the reply is still coming.
  await loadTinyModel(page, 'onnx-webgpu');
  await startChatWith(page, 'Aria');
  await page.getByLabel(/Speak replies/).check();
  await expect(page.getByTestId('voice-status')).toHaveText('Voice ready', { timeout: 60_000 });

  await send(page, 'Hello');
  expect(await waitForReply(page, 2)).toBe(TINY_REPLY);
  const chat = page;
  await expect(chat.getByTestId('spoken-sentence')).toHaveText(
    [/^Hello there!/, /^I am a tiny test model\./, /^I speak in short sentences\./, /^Goodbye\./],
    { timeout: 120_000 },
  );
  await expect(page.getByText(/Speech failed/)).toHaveCount(0);
  // The app's own clocks, both started at Send: the first sentence's first chunk was ready before the reply was written.
  const firstReadyMs = Number(
    (await chat.getByTestId('spoken-sentence').first().textContent())?.match(/ready after (\d+) ms/)?.[1],
  );
  const replyTotalMs = Number(await chat.getByTestId('reply-total-ms').last().textContent());
  console.log(`cloned voice: first sentence ready after ${firstReadyMs} ms; reply written in ${replyTotalMs} ms`);
  expect(firstReadyMs).toBeGreaterThan(0);
  expect(firstReadyMs).toBeLessThan(replyTotalMs);
  expect(problems.cspViolations).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
