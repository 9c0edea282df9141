/**
 * The benchmark page: starts the backend named in `?backend=`, then waits for scripts/bench-browser.ts to
 * call `window.litecamBench`. Every measurement runs here, in the page, under whatever CPU throttling the
 * script has set through the DevTools protocol.
 */
import {
  assetUrls,
  initBrowserBackend,
  loadDemoModel,
  loadZooModel,
  timeCpuWork,
  timeExplanations,
  toModelInput,
  type BackendChoice,
  type BackendStatus,
  type ExplainableModel,
  type ModelTiming,
  type PreparedInput,
} from '../../src/browser/index.js';
import { listSamples, loadSample } from './image-input.js';

export interface BenchApi {
  backend: BackendStatus;
  /** Load a model ('demo' or a zoo name) and prepare the input it is timed on (the first sample scene). */
  prepare(model: string): Promise<{ source: string; inputSize: number }>;
  time(options: { repeats: number; warmup: number }): Promise<ModelTiming>;
  cpuWork(iterations?: number): Promise<{ mainMs: number; workerMs: number }>;
}

declare global {
  interface Window {
    litecamBench?: BenchApi;
    litecamBenchError?: string;
  }
}

const status = document.getElementById('status') as HTMLElement;
const assets = assetUrls(document.baseURI);
let current: { model: ExplainableModel; input: PreparedInput } | undefined;

async function start(): Promise<void> {
  const choice = (new URLSearchParams(location.search).get('backend') ?? 'auto') as BackendChoice;
  const backend = await initBrowserBackend(choice, assets.tfjsWasm);
  const [sample] = await listSamples(assets.samples);
  const image = await loadSample(assets.samples, sample);
  window.litecamBench = {
    backend,
    async prepare(name) {
      current?.model.dispose();
      const model = name === 'demo' ? await loadDemoModel(assets.demoModel) : loadZooModel(name);
      current = { model, input: toModelInput(image, model.inputSpec, sample.file).input };
      return { source: model.source, inputSize: model.inputSpec.width };
    },
    async time(options) {
      if (!current) throw new Error('prepare a model first');
      return timeExplanations(current.model, current.input, options);
    },
    cpuWork: (iterations) => timeCpuWork(iterations),
  };
  status.textContent = `Ready on ${backend.backend}.`;
}

start().catch((e: unknown) => {
  window.litecamBenchError = String((e as Error)?.message ?? e);
  status.textContent = `Failed: ${window.litecamBenchError}`;
});
