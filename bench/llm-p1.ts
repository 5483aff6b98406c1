// P1: LLM engine overhead on the real-shaped Qwen2.5-0.5B (random weights, fp32, onnxruntime-node CPU): prefill and
// decode tokens/s and time to first token of the project's generation loop (the server's OnnxNodeEngine: chat
// template, transformers.js generate, streaming text filter) against a bare onnxruntime greedy loop on the same
// prompt ids in the same run, and decode speed against the machine's measured memory bandwidth divided by the bytes
// read per token. Prints a table and one JSON line.
//   npx tsx bench/llm-p1.ts [--layers4] [--prompt 64] [--new 16] [--rounds 2]
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { AutoTokenizer } from '@huggingface/transformers';
import { ModelRegistry } from '../sync-server/src/inference/model-registry.ts';
import { OnnxNodeEngine } from '../sync-server/src/inference/onnx-node-engine.ts';
import { ensureRealShaped, REAL_SHAPED } from '../models/src/fixtures/index.ts';
import type { RealShapedName } from '../models/src/fixtures/index.ts';
import { parameterCount } from '../models/src/fixtures/decoder-graph.ts';
import { ortGreedy } from '../models/src/ort-greedy.ts';
import type { TensorCtor } from '../models/src/ort-greedy.ts';

const { values } = parseArgs({
  options: {
    layers4: { type: 'boolean', default: false },
    prompt: { type: 'string', default: '64' },
    new: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '2' },
  },
});
const NAME: RealShapedName = values.layers4 ? 'qwen2.5-0.5b-shaped-4l' : 'qwen2.5-0.5b-shaped';
const PROMPT = Number(values.prompt);
const NEW = Number(values.new);
const ROUNDS = Number(values.rounds);
const dims = REAL_SHAPED[NAME].dims;

interface Run {
  ttftMs: number;
  prefillTokS: number;
  decodeTokS: number;
}

const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
const best = (runs: Run[], key: keyof Run, max: boolean): number =>
  runs.map((r) => r[key]).reduce((a, b) => (max ? Math.max(a, b) : Math.min(a, b)));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};
/** Ratios of the two loops within each round (run back to back), then the median: robust to load drifting between rounds. */
const pairedRatio = (a: Run[], b: Run[], key: keyof Run): number => median(a.map((r, i) => r[key] / (b[i]?.[key] ?? NaN)));

/** Best copy bandwidth in GB/s (bytes read + written) of `threads` workers each copying its own 128 MB, far beyond cache. */
async function copyBandwidth(threads: number): Promise<number> {
  const bytes = 128 * 1024 * 1024;
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const src = new Float64Array(workerData.src), dst = new Float64Array(workerData.dst);
    parentPort.on('message', () => { dst.set(src); parentPort.postMessage(dst[dst.length - 1]); });`;
  const workers = Array.from({ length: threads }, () => {
    const src = new SharedArrayBuffer(bytes);
    new Float64Array(src).fill(1.5);
    return new Worker(code, { eval: true, workerData: { src, dst: new SharedArrayBuffer(bytes) } });
  });
  const copyOnce = (w: Worker): Promise<unknown> => new Promise((r) => (w.once('message', r), w.postMessage(0)));
  let best = 0;
  try {
    for (let i = 0; i < 8; i++) {
      const t = performance.now();
      await Promise.all(workers.map(copyOnce));
      best = Math.max(best, (2 * bytes * threads) / ((performance.now() - t) / 1000) / 1e9);
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return best;
}

/** The best of one copying thread and one per core; the roofline uses the highest bandwidth seen. */
async function memoryBandwidth(): Promise<number> {
  return Math.max(await copyBandwidth(1), await copyBandwidth(os.cpus().length));
}

/** A user message of about PROMPT tokens (the real-shaped tokenizer has no merges: one token per byte). */
const MESSAGES = [{ role: 'user' as const, content: 'abcdefghij'.repeat(Math.ceil(PROMPT / 10)).slice(0, Math.max(1, PROMPT - 10)) }];
let promptCache: number[] = [];
const promptIds = (): number[] => promptCache;

async function bareRun(session: ort.InferenceSession): Promise<Run> {
  const r = await ortGreedy(session, promptIds(), {
    Tensor: ort.Tensor as unknown as TensorCtor,
    layers: dims.layers,
    kvHeads: dims.kvHeads,
    headDim: dims.headDim,
    maxNewTokens: NEW,
  });
  return { ttftMs: r.prefillMs, prefillTokS: promptIds().length / (r.prefillMs / 1000), decodeTokS: (r.tokens.length - 1) / (r.decodeMs / 1000) };
}

async function projectRun(engine: OnnxNodeEngine): Promise<Run> {
  const r = await engine.generate(MESSAGES, { maxTokens: NEW, temperature: 0 });
  if (r.usage.completionTokens !== NEW) throw new Error(`engine produced ${r.usage.completionTokens} tokens, expected ${NEW}`);
  const t = r.timings;
  return { ttftMs: t.timeToFirstTokenMs, prefillTokS: r.usage.promptTokens / (t.timeToFirstTokenMs / 1000), decodeTokS: t.decodeTokensPerSecond };
}

async function main(): Promise<void> {
  const log = (l: string): void => void process.stderr.write(`${l}\n`);
  const dir = ensureRealShaped(NAME, { log });
  const modelPath = join(dir, 'onnx', 'model.onnx');
  log(`bandwidth...`);
  const bandwidthBefore = await memoryBandwidth();
  log(`loading ${NAME}...`);
  const session = await ort.InferenceSession.create(modelPath);
  const tokenizer = await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
  const text = tokenizer.apply_chat_template(MESSAGES, { add_generation_prompt: true, tokenize: false }) as string;
  promptCache = tokenizer.encode(text, { add_special_tokens: false });
  const registry = new ModelRegistry();
  // ignoreEos: random weights may pick <|im_end|> at any step; every run must decode the same number of tokens.
  const engine = new OnnxNodeEngine({ registry, resolve: () => ({ dir, dtype: 'fp32' }), ignoreEos: true });
  await engine.load({ id: NAME });
  const bare: Run[] = [];
  const project: Run[] = [];
  // Warm-up of both, then interleaved rounds so drift affects both sides alike.
  await bareRun(session);
  await projectRun(engine);
  for (let i = 0; i < ROUNDS; i++) {
    log(`round ${i + 1}/${ROUNDS}`);
    // Alternate which loop goes first: the other session's thread pool may still be spinning right after its run.
    if (i % 2 === 0) {
      bare.push(await bareRun(session));
      project.push(await projectRun(engine));
    } else {
      project.push(await projectRun(engine));
      bare.push(await bareRun(session));
    }
  }
  // Measured again after the runs: other load on the machine lowers it, and the higher figure is the truer ceiling.
  const bandwidthGBs = Math.max(bandwidthBefore, await memoryBandwidth());
  const params = parameterCount(dims);
  // Decode reads every weight once per token (the tied embedding as the LM head) plus the KV cache, all fp32.
  const kvBytes = 2 * dims.layers * dims.kvHeads * dims.headDim * (promptCache.length + NEW / 2) * 4;
  const bytesPerToken = params * 4 + kvBytes;
  const rooflineTokS = (bandwidthGBs * 1e9) / bytesPerToken;
  // Speeds are the best round of each loop; ratios pair the two loops within a round.
  const b = { ttftMs: best(bare, 'ttftMs', false), prefillTokS: best(bare, 'prefillTokS', true), decodeTokS: best(bare, 'decodeTokS', true) };
  const p = { ttftMs: best(project, 'ttftMs', false), prefillTokS: best(project, 'prefillTokS', true), decodeTokS: best(project, 'decodeTokS', true) };
  const result = {
    bench: 'llm-p1',
    model: NAME,
    layers: dims.layers,
    parameters: params,
    dtype: 'fp32',
    promptTokens: promptCache.length,
    newTokens: NEW,
    rounds: ROUNDS,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    loadAverage1m: round(os.loadavg()[0] ?? 0),
    onnxruntime: ort.env.versions.common,
    bare: { ttftMs: round(b.ttftMs), prefillTokS: round(b.prefillTokS), decodeTokS: round(b.decodeTokS, 3) },
    project: { ttftMs: round(p.ttftMs), prefillTokS: round(p.prefillTokS), decodeTokS: round(p.decodeTokS, 3) },
    decodeRatio: round(pairedRatio(project, bare, 'decodeTokS'), 3),
    prefillRatio: round(pairedRatio(project, bare, 'prefillTokS'), 3),
    ttftRatio: round(pairedRatio(project, bare, 'ttftMs'), 3),
    memoryCopyGBs: round(bandwidthGBs),
    bytesPerTokenMB: round(bytesPerToken / 1e6, 1),
    rooflineDecodeTokS: round(rooflineTokS, 3),
    bandwidthFraction: round(b.decodeTokS / rooflineTokS, 3),
    projectBandwidthFraction: round(p.decodeTokS / rooflineTokS, 3),
  };
  console.table({
    'bare onnxruntime loop': result.bare,
    'project loop (server OnnxNodeEngine)': result.project,
    'ratio project / bare (median of rounds)': { ttftMs: result.ttftRatio, prefillTokS: result.prefillRatio, decodeTokS: result.decodeRatio },
  });
  console.table({
    roofline: {
      'copy GB/s': result.memoryCopyGBs,
      'MB read per token': result.bytesPerTokenMB,
      'roofline tok/s': result.rooflineDecodeTokS,
      'bare fraction': result.bandwidthFraction,
      'project fraction': result.projectBandwidthFraction,
    },
  });
  console.log(JSON.stringify(result));
  await engine.unload();
  await registry.disposeAll();
  await session.release();
}

void main();
