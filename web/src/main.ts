/**
 * The web app: wires the controls to the App. URL parameters preselect controls (`?backend=wasm&model=demo`),
 * which the browser tests and the benchmark use.
 */
import { assetUrls, COLORMAPS, isUsageError, onnxThreads, readRgb, type BackendChoice, type ThresholdSpec } from '../../src/browser/index.js';
import { App, type ModelChoice, type Settings } from './app.js';
import { byId } from './dom.js';
import { imageFromBlob, listSamples, loadSample, startWebcam, stopWebcam, type SampleEntry } from './image-input.js';

/** CAM methods the page offers: every one takes its gradient through the head only (or none), on any backend. */
const METHOD_CHOICES = [
  ['gradcam', 'Grad-CAM'],
  ['gradcam++', 'Grad-CAM++'],
  ['xgradcam', 'XGrad-CAM'],
  ['layercam', 'Layer-CAM'],
  ['hirescam', 'HiRes-CAM'],
  ['eigencam', 'Eigen-CAM'],
] as const;

/** Webcam frames are read at VGA size at most: the model input is far smaller, and reading costs per pixel. */
const WEBCAM_MAX_SIDE = 640;

const el = {
  form: byId('controls', HTMLFormElement),
  imageFile: byId('image-file', HTMLInputElement),
  dropZone: byId('drop-zone', HTMLDivElement),
  sample: byId('sample', HTMLSelectElement),
  webcam: byId('webcam', HTMLButtonElement),
  video: byId('video', HTMLVideoElement),
  model: byId('model', HTMLSelectElement),
  userModel: byId('user-model', HTMLDivElement),
  modelFiles: byId('model-files', HTMLInputElement),
  preprocess: byId('preprocess', HTMLSelectElement),
  onnxRuntime: byId('onnx-runtime', HTMLSelectElement),
  backend: byId('backend', HTMLSelectElement),
  method: byId('method', HTMLSelectElement),
  threshold: byId('threshold', HTMLInputElement),
  thresholdValue: byId('threshold-value', HTMLOutputElement),
  dynamic: byId('dynamic', HTMLInputElement),
  colormap: byId('colormap', HTMLSelectElement),
  continuous: byId('continuous', HTMLInputElement),
  status: byId('status', HTMLParagraphElement),
  error: byId('error', HTMLParagraphElement),
};

const assets = assetUrls(document.baseURI);
let samples: SampleEntry[] = [];
let webcamStream: MediaStream | undefined;
let busy: Promise<unknown> = Promise.resolve();
/** Whether the continuous loop runs: switching Continuous off and on again must not start a second one. */
let looping = false;

function settings(): Settings {
  const threshold: ThresholdSpec = el.dynamic.checked ? { kind: 'dynamic' } : { kind: 'percentile', percent: Number(el.threshold.value) };
  return { method: el.method.value, threshold, colormap: el.colormap.value };
}

const app = new App(assets, {
  canvases: {
    image: byId('panel-image', HTMLCanvasElement),
    heatmap: byId('panel-heatmap', HTMLCanvasElement),
    simplified: byId('panel-simplified', HTMLCanvasElement),
    overlay: byId('panel-overlay', HTMLCanvasElement),
  },
  settings,
  status: (message) => {
    el.status.textContent = message;
  },
  explained: (count, result) => {
    document.body.dataset.explanations = String(count);
    const top = result.predictions[0];
    el.status.textContent = `Explained ${result.image}: ${top.label ?? `class ${top.class}`} (${(top.probability * 100).toFixed(1)}%), ${result.method} at layer ${result.layer}.`;
  },
});

/** Run `task` after the one in progress; failures go to the alert line, never to the console only. */
function run(task: () => Promise<unknown>): Promise<unknown> {
  busy = busy.then(async () => {
    document.body.dataset.state = 'busy';
    try {
      await task();
      el.error.hidden = true;
      document.body.dataset.state = 'ready';
    } catch (e) {
      showError(e);
    }
  });
  return busy;
}

function showError(e: unknown): void {
  const message = String((e as Error)?.message ?? e).split('\n')[0];
  el.error.textContent = isUsageError(e) ? message : `Something went wrong: ${message}`;
  el.error.hidden = false;
  document.body.dataset.state = 'error';
  if (!isUsageError(e)) console.error(e);
}

function modelChoice(): ModelChoice | undefined {
  const value = el.model.value;
  if (value === 'demo') return { kind: 'demo' };
  if (value.startsWith('zoo:')) return { kind: 'zoo', name: value.slice(4) };
  const files = Array.from(el.modelFiles.files ?? []);
  const runtime = el.onnxRuntime.value === 'tfjs' ? 'tfjs' : 'ort';
  return files.length ? { kind: 'user', files, preprocess: el.preprocess.value, runtime } : undefined;
}

async function reloadModel(): Promise<void> {
  el.userModel.hidden = el.model.value !== 'user';
  const choice = modelChoice();
  if (!choice) {
    app.unloadModel();
    el.status.textContent = 'Choose your model files: an .onnx file, or a model.json with its weights.';
    return;
  }
  await app.useModel(choice);
  await app.explainCurrent();
}

async function useImageFile(file: File): Promise<void> {
  stopCamera();
  app.setImage(await imageFromBlob(file, file.name), file.name);
  await app.explainCurrent();
}

function stopCamera(): void {
  if (!webcamStream) return;
  stopWebcam(el.video, webcamStream);
  webcamStream = undefined;
  el.webcam.setAttribute('aria-pressed', 'false');
  el.webcam.textContent = 'Use webcam';
}

/** Explain frame after frame while Continuous is on: webcam frames when the camera runs, else the same image. */
async function continuousLoop(): Promise<void> {
  if (looping) return;
  looping = true;
  app.resetFps();
  try {
    while (el.continuous.checked) {
      await run(async () => {
        const frame = webcamStream ? readRgb(el.video, WEBCAM_MAX_SIDE) : undefined;
        await app.explainCurrent(frame);
        app.frameDone();
      });
      if (document.body.dataset.state === 'error') el.continuous.checked = false;
      await new Promise((r) => requestAnimationFrame(r));
    }
  } finally {
    looping = false;
  }
}

function fillSelects(params: URLSearchParams): void {
  el.method.replaceChildren(...METHOD_CHOICES.map(([value, label]) => new Option(label, value)));
  el.colormap.replaceChildren(...COLORMAPS.map((c) => new Option(c, c)));
  for (const [key, select] of [['backend', el.backend], ['model', el.model], ['method', el.method], ['colormap', el.colormap]] as const) {
    const wanted = params.get(key);
    if (wanted && Array.from(select.options).some((o) => o.value === wanted)) select.value = wanted;
  }
  const percent = Number(params.get('threshold'));
  if (percent >= 1 && percent <= 100) el.threshold.value = String(percent);
  el.thresholdValue.value = el.threshold.value;
}

function bindControls(): void {
  el.form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run(() => app.explainCurrent());
  });
  el.imageFile.addEventListener('change', () => {
    const file = el.imageFile.files?.[0];
    if (file) void run(() => useImageFile(file));
  });
  el.dropZone.addEventListener('click', () => el.imageFile.click());
  el.dropZone.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      el.imageFile.click();
    }
  });
  el.dropZone.addEventListener('dragover', (e) => {
    e.preventDefault();
    el.dropZone.classList.add('over');
  });
  el.dropZone.addEventListener('dragleave', () => el.dropZone.classList.remove('over'));
  el.dropZone.addEventListener('drop', (e) => {
    e.preventDefault();
    el.dropZone.classList.remove('over');
    const file = e.dataTransfer?.files[0];
    if (file) void run(() => useImageFile(file));
  });
  el.sample.addEventListener('change', () => void run(() => showSample(Number(el.sample.value))));
  el.webcam.addEventListener('click', () => {
    if (webcamStream) {
      stopCamera();
      el.continuous.checked = false;
      return;
    }
    void run(async () => {
      webcamStream = await startWebcam(el.video);
      el.webcam.setAttribute('aria-pressed', 'true');
      el.webcam.textContent = 'Stop webcam';
      el.continuous.checked = true;
      void continuousLoop();
    });
  });
  el.model.addEventListener('change', () => void run(reloadModel));
  el.modelFiles.addEventListener('change', () => void run(reloadModel));
  el.preprocess.addEventListener('change', () => void run(reloadModel));
  el.onnxRuntime.addEventListener('change', () => void run(reloadModel));
  el.backend.addEventListener('change', () =>
    void run(async () => {
      await app.useBackend(el.backend.value as BackendChoice);
      await reloadModel();
    }),
  );
  el.method.addEventListener('change', () => void run(() => app.explainCurrent()));
  el.threshold.addEventListener('input', () => {
    el.thresholdValue.value = el.threshold.value;
    void run(async () => app.rethreshold());
  });
  el.dynamic.addEventListener('change', () => {
    el.threshold.disabled = el.dynamic.checked;
    void run(async () => app.rethreshold());
  });
  el.colormap.addEventListener('change', () => void run(async () => app.redraw()));
  el.continuous.addEventListener('change', () => {
    if (el.continuous.checked) void continuousLoop();
    else app.resetFps();
  });
}

async function showSample(index: number): Promise<void> {
  const sample = samples[index];
  if (!sample) return;
  stopCamera();
  app.setImage(await loadSample(assets.samples, sample), sample.file);
  await app.explainCurrent();
}

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search);
  fillSelects(params);
  bindControls();
  await run(async () => {
    app.setOnnxThreads(onnxThreads());
    await app.useBackend(el.backend.value as BackendChoice);
    samples = await listSamples(assets.samples);
    el.sample.replaceChildren(...samples.map((s, i) => new Option(s.title, String(i))));
    el.userModel.hidden = el.model.value !== 'user';
    const choice = modelChoice();
    if (choice) await app.useModel(choice);
    const index = Number(params.get('sample') ?? 0);
    if (samples[index]) {
      el.sample.value = String(index);
      app.setImage(await loadSample(assets.samples, samples[index]), samples[index].file);
      await app.explainCurrent();
    }
  });
}

void start();
