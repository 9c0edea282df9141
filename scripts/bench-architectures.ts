/**
 * Cost of an explanation against a plain forward pass on the same model, per architecture (the paper's
 * Tables 1 and 2 beyond CNNs): median wall and CPU time of interleaved repeats, and memory (the TF.js tensor peak above the
 * resting weights, from one profiled run, and the heap and RSS growth of each arm's first, cold call).
 * The overhead ratio, explanation time over forward time, is the figure that matters.
 *
 *   ViT-Ti/16 and ViT-B/16 at 224x224: attention rollout, gradient-weighted rollout, token-grid Grad-CAM.
 *   BERT-base, RoBERTa-base and DistilBERT-base shaped encoders on 128 tokens: the same three methods.
 *   LSTM, GRU, BiLSTM classifiers and a two-layer time-series LSTM regressor, 128 hidden units over 100
 *   steps of 8 features: gradient x input.
 * A Swin-like windowed transformer is listed as skipped: the zoo has none.
 *
 * Seeded random weights and inputs: the cost of a forward or a gradient does not depend on what was learned.
 * Each architecture is measured in a process of its own (see runIsolated).
 * Usage: npm run bench:architectures [-- --only vit-tiny,lstm --runs 5 --steps 100 --hidden 128 --tokens 128 --out FILE]
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend, type BackendName } from '../src/engines/tfjs/backend.js';
import { timeInterleaved } from '../src/evaluate/bench/timing.js';
import { attentionRollout, gradientRollout, tokenGradCam } from '../src/explainers/transformer/index.js';
import { sequenceGradientXInput } from '../src/explainers/rnn/gradient-x-input.js';
import { layersSequenceFunction } from '../src/explainers/rnn/sequence-function.js';
import { buildTextEncoder, type TextEncoderFlavour } from '../src/zoo/text-encoder/index.js';
import { buildVit, VIT_BASE, VIT_TINY, type VitConfig } from '../src/zoo/vit.js';
import { RNN_ZOO, type RnnZooName } from '../src/zoo/rnn/index.js';
import { machine, mad, median, saveJson } from './bench-util.js';

/** One timed thing: a forward pass or one explanation, each disposing whatever it creates. */
interface Arm {
  name: string;
  run: () => Promise<unknown>;
}

/** A built model with its forward arm and the explanations to compare with it. */
interface Setup {
  forward: Arm;
  explainers: Arm[];
  dispose(): void;
}

interface Architecture {
  name: string;
  family: 'vision transformer' | 'text transformer' | 'recurrent';
  /** Input shape in words, for the table. */
  input: string;
  /** Repeats are capped for base-size models: a BERT-base gradient rollout takes tens of seconds on two shared cores. */
  maxRuns: number;
  build(): Setup;
}

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    steps: { type: 'string', default: '100' },
    tokens: { type: 'string', default: '128' },
    hidden: { type: 'string', default: '128' },
    backend: { type: 'string', default: 'wasm' },
    out: { type: 'string', default: 'benchmarks/results/architectures.json' },
    /** Internal: measure the one architecture in --only and write its result to --out. */
    child: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const warmup = Number(args.warmup);
const steps = Number(args.steps);
const hidden = Number(args.hidden);
const tokens = Number(args.tokens);
const SEQUENCE_FEATURES = 8;
const TOP1 = { topK: 1 };

function vitArchitecture(name: string, config: VitConfig, maxRuns: number): Architecture {
  return {
    name,
    family: 'vision transformer',
    input: `${config.inputSize}x${config.inputSize}x3, ${(config.inputSize / config.patchSize) ** 2 + 1} tokens`,
    maxRuns,
    build: () => {
      const model = buildVit(config);
      const batch = tf.randomUniform([1, config.inputSize, config.inputSize, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
      return {
        forward: { name: 'forward', run: async () => readAndDispose(model.predict(batch)) },
        explainers: [
          { name: 'attention-rollout', run: () => attentionRollout(model, batch, TOP1) },
          { name: 'gradient-rollout', run: () => gradientRollout(model, batch, TOP1) },
          { name: 'token-gradcam', run: () => tokenGradCam(model.tokenSplit(), batch, TOP1) },
        ],
        dispose: () => {
          batch.dispose();
          model.dispose();
        },
      };
    },
  };
}

function textArchitecture(name: string, flavour: TextEncoderFlavour): Architecture {
  return {
    name,
    family: 'text transformer',
    input: `${tokens} tokens`,
    maxRuns: 2,
    build: () => {
      const encoder = buildTextEncoder({ flavour });
      const view = encoder.atLength(tokens);
      // Ids past the padding and special ids of every flavour (0 to 4), so every position is attended.
      const ids = tf.tidy(() => tf.concat([tf.fill([1, 1], 2, 'int32'), tf.randomUniform([1, tokens - 1], 5, 1000, 'int32', 7)], 1)) as tf.Tensor2D;
      return {
        forward: { name: 'forward', run: async () => readAndDispose(view.predict(ids)) },
        explainers: [
          { name: 'attention-rollout', run: () => attentionRollout(view, ids, TOP1) },
          { name: 'gradient-rollout', run: () => gradientRollout(view, ids, TOP1) },
          { name: 'token-gradcam', run: () => tokenGradCam(view.tokenSplit(), ids, TOP1) },
        ],
        dispose: () => {
          ids.dispose();
          encoder.dispose();
        },
      };
    },
  };
}

function recurrentArchitecture(name: string, zoo: RnnZooName): Architecture {
  return {
    name,
    family: 'recurrent',
    input: `${steps} steps x ${SEQUENCE_FEATURES} features, ${hidden} hidden`,
    maxRuns: Infinity,
    build: () => {
      const model = RNN_ZOO[zoo]({ steps, features: SEQUENCE_FEATURES, units: hidden });
      const f = layersSequenceFunction(model);
      const values = tf.randomNormal([steps * SEQUENCE_FEATURES], 0, 1, 'float32', 7).dataSync() as Float32Array;
      const x = tf.tensor3d(values, [1, steps, SEQUENCE_FEATURES]);
      const input = { values, steps, features: SEQUENCE_FEATURES };
      return {
        forward: { name: 'forward', run: async () => readAndDispose(tf.tidy(() => f(x))) },
        // The predicted class (the first output for the regressor): the explanation a user asks for by default.
        explainers: [{ name: 'gradient-x-input', run: () => sequenceGradientXInput(f, input) }],
        dispose: () => {
          x.dispose();
          model.dispose();
        },
      };
    },
  };
}

const ARCHITECTURES: Architecture[] = [
  vitArchitecture('vit-tiny', VIT_TINY, Infinity),
  vitArchitecture('vit-base', VIT_BASE, 2),
  textArchitecture('bert-base', 'bert'),
  textArchitecture('roberta-base', 'roberta'),
  textArchitecture('distilbert-base', 'distilbert'),
  recurrentArchitecture('lstm', 'lstm'),
  recurrentArchitecture('gru', 'gru'),
  recurrentArchitecture('bilstm', 'bilstm'),
  recurrentArchitecture('timeseries-lstm', 'timeseries-regressor'),
];

const SKIPPED = [{ name: 'swin', reason: 'no Swin-like windowed transformer in the zoo' }];

async function readAndDispose(t: tf.Tensor): Promise<void> {
  await t.data();
  t.dispose();
}

interface ArmMemory {
  /** Largest tensor bytes alive during one call, above what was alive before it. */
  peakTensorBytes: number;
  /** Tensor bytes still alive after the call that were not before: a leak when not 0. */
  leakedTensorBytes: number;
  /** Heap and RSS growth over the arm's first call (the wasm heap grows and never shrinks, so later calls show 0). */
  coldHeapDeltaBytes: number;
  coldRssDeltaBytes: number;
}

async function coldDeltas(arm: Arm): Promise<Pick<ArmMemory, 'coldHeapDeltaBytes' | 'coldRssDeltaBytes'>> {
  const before = process.memoryUsage();
  await arm.run();
  const after = process.memoryUsage();
  return { coldHeapDeltaBytes: after.heapUsed - before.heapUsed, coldRssDeltaBytes: after.rss - before.rss };
}

async function tensorPeak(arm: Arm): Promise<Pick<ArmMemory, 'peakTensorBytes' | 'leakedTensorBytes'>> {
  const resting = tf.memory().numBytes;
  const profile = await tf.profile(async () => {
    await arm.run();
    return [];
  });
  return { peakTensorBytes: profile.peakBytes - resting, leakedTensorBytes: profile.newBytes };
}

async function measure(arch: Architecture) {
  const restingBefore = tf.memory().numBytes;
  const t0 = performance.now();
  const setup = arch.build();
  const buildMs = performance.now() - t0;
  const weightBytes = tf.memory().numBytes - restingBefore;
  try {
    const arms = [setup.forward, ...setup.explainers];
    const cold: Array<Pick<ArmMemory, 'coldHeapDeltaBytes' | 'coldRssDeltaBytes'>> = [];
    for (const arm of arms) cold.push(await coldDeltas(arm));
    const n = Math.min(runs, arch.maxRuns);
    // CPU time beside wall time: on a machine shared with other work, the wall clock also counts the time this
    // process waited for a core; its own CPU time (the wasm backend runs on one thread) does not.
    const cpuMs: number[][] = arms.map(() => []);
    const timed = arms.map((arm, i) => async () => {
      const start = process.cpuUsage();
      await arm.run();
      const used = process.cpuUsage(start);
      cpuMs[i].push((used.user + used.system) / 1000);
    });
    const times = await timeInterleaved(timed, n, Math.max(0, warmup - 1));
    const peaks: Array<Pick<ArmMemory, 'peakTensorBytes' | 'leakedTensorBytes'>> = [];
    for (const arm of arms) peaks.push(await tensorPeak(arm));
    const forwardMs = median(times[0]);
    // The warm-up rounds ran through `timed` too; only the timed rounds' CPU times count.
    const cpu = cpuMs.map((xs) => xs.slice(-n));
    const forwardCpuMs = median(cpu[0]);
    const rows = arms.map((arm, i) => ({
      arm: arm.name,
      medianMs: median(times[i]),
      madMs: mad(times[i]),
      ratio: median(times[i]) / forwardMs,
      medianCpuMs: median(cpu[i]),
      cpuRatio: median(cpu[i]) / forwardCpuMs,
      ...peaks[i],
      ...cold[i],
    }));
    return { architecture: arch.name, family: arch.family, input: arch.input, runs: n, weightBytes, buildMs, rows };
  } finally {
    setup.dispose();
  }
}

const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

type Result = Awaited<ReturnType<typeof measure>>;

function printRows(result: Result): void {
  for (const r of result.rows) {
    console.log(
      `| ${result.architecture} | ${result.input} | ${r.arm} | ${r.medianMs.toFixed(1)} | ${r.madMs.toFixed(1)} | ${r.ratio.toFixed(2)} | ` +
        `${r.medianCpuMs.toFixed(1)} | ${r.cpuRatio.toFixed(2)} | ${mb(r.peakTensorBytes)} | ${mb(r.coldRssDeltaBytes)} |`,
    );
  }
}

/**
 * Each architecture runs in a process of its own: the wasm heap grows and never shrinks, so in one process
 * every architecture after a large one would show no RSS growth, and a large one's heap would slow the rest.
 */
function runIsolated(name: string): Result {
  const out = join(mkdtempSync(join(tmpdir(), 'litecam-bench-arch-')), `${name}.json`);
  const passed = ['--runs', args.runs, '--warmup', args.warmup, '--steps', args.steps, '--tokens', args.tokens, '--hidden', args.hidden, '--backend', args.backend];
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', '--only', name, ...passed, '--out', out], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (child.status !== 0) throw new Error(`${name}: the benchmark process exited with ${child.status ?? child.signal}`);
  return JSON.parse(readFileSync(out, 'utf8')) as Result;
}

const chosen = args.only ? args.only.split(',').map((s) => s.trim()) : ARCHITECTURES.map((a) => a.name);
const unknown = chosen.filter((name) => !ARCHITECTURES.some((a) => a.name === name));
if (unknown.length > 0) {
  console.error(`unknown architecture ${unknown.join(', ')}; architectures are: ${ARCHITECTURES.map((a) => a.name).join(', ')}`);
  process.exit(2);
}
if (args.child) {
  await initBackend(args.backend as BackendName);
  const result = await measure(ARCHITECTURES.find((a) => a.name === chosen[0]) as Architecture);
  printRows(result);
  writeFileSync(args.out, JSON.stringify(result));
} else {
  console.log('| architecture | input | arm | median ms | MAD ms | x forward | median CPU ms | x forward (CPU) | tensor peak MB | cold RSS MB |');
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|');
  const results = ARCHITECTURES.filter((a) => chosen.includes(a.name)).map((a) => runIsolated(a.name));
  saveJson(args.out, { benchmark: 'architectures', backend: args.backend, machine: machine(), runs, warmup, skipped: SKIPPED, results });
}
