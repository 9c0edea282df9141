/**
 * The page's state and what the controls do. An explanation runs the library's `explain()` once; moving the
 * threshold or changing the colormap only re-thresholds and redraws the map already computed.
 */
import {
  applyThreshold,
  drawFourPanels,
  explain,
  initBrowserBackend,
  loadDemoModel,
  loadUserModel,
  loadZooModel,
  monitorReadbacks,
  toModelInput,
  type AssetUrls,
  type BackendChoice,
  type BackendStatus,
  type ExplainableModel,
  type Explanation,
  type ImageExplanation,
  type PanelName,
  type ThresholdSpec,
} from '../../src/browser/index.js';
import type { CropBox } from '../../src/image/crop-box.js';
import type { RgbImage } from '../../src/image/rgb-image.js';
import { resizeRgb } from '../../src/image/resize-rgb.js';
import { showBackend, showCoverage, showFps, showMemory, showPredictions, showReadback, showThresholdTime, showTimings } from './view.js';

/** Panels are drawn at this height (the smallest the Node figures use), so a webcam loop stays cheap. */
export const PANEL_HEIGHT = 224;

/** Frames averaged for the frames-per-second figure. */
const FPS_WINDOW = 10;

export interface Settings {
  method: string;
  threshold: ThresholdSpec;
  colormap: string;
}

export type ModelChoice =
  | { kind: 'demo' }
  | { kind: 'zoo'; name: string }
  | { kind: 'user'; files: File[]; preprocess?: string; runtime?: 'ort' | 'tfjs' };

interface Shown {
  explanation: Explanation;
  display: RgbImage;
  box: CropBox;
}

export interface AppHooks {
  canvases: Record<PanelName, HTMLCanvasElement>;
  settings(): Settings;
  status(message: string): void;
  /** Called whenever the page finishes an explanation: tests and assistive technology watch it. */
  explained(count: number, result: ImageExplanation): void;
}

export class App {
  private model?: ExplainableModel;
  private backend?: BackendStatus;
  private onnxThreads?: number;
  private image?: { rgb: RgbImage; name: string };
  private shown?: Shown;
  private readonly readbacks = monitorReadbacks();
  private explanations = 0;
  private frameTimes: number[] = [];

  constructor(private readonly assets: AssetUrls, private readonly hooks: AppHooks) {}

  get hasModel(): boolean {
    return this.model !== undefined;
  }

  async useBackend(choice: BackendChoice): Promise<void> {
    this.hooks.status(`Starting the ${choice} backend…`);
    // Tensors belong to a backend: models are rebuilt on the new one rather than copied over.
    this.model?.dispose();
    this.model = undefined;
    this.backend = await initBrowserBackend(choice, this.assets.tfjsWasm);
    showBackend(this.backend, this.onnxThreads);
  }

  setOnnxThreads(threads: number): void {
    this.onnxThreads = threads;
    if (this.backend) showBackend(this.backend, threads);
  }

  async useModel(choice: ModelChoice): Promise<void> {
    this.unloadModel();
    if (choice.kind === 'demo') {
      this.hooks.status('Loading the demo model…');
      this.model = await loadDemoModel(this.assets.demoModel);
    } else if (choice.kind === 'zoo') {
      this.hooks.status(`Building ${choice.name} with its seeded weights…`);
      // Let the status paint before the build blocks the main thread.
      await new Promise((r) => setTimeout(r, 0));
      this.model = loadZooModel(choice.name);
    } else {
      this.hooks.status(`Opening ${choice.files.map((f) => f.name).join(', ')}…`);
      this.model = await loadUserModel(choice.files, { ortWasm: this.assets.ortWasm, preprocess: choice.preprocess || undefined, runtime: choice.runtime });
    }
    const { width, height } = this.model.inputSpec;
    this.hooks.status(`Model ready: ${this.model.source}, ${width}x${height} input, ${this.model.numClasses} classes.`);
  }

  /** No model until the user opens one: explaining does nothing meanwhile. */
  unloadModel(): void {
    this.model?.dispose();
    this.model = undefined;
    this.shown = undefined;
  }

  setImage(rgb: RgbImage, name: string): void {
    this.image = { rgb, name };
  }

  /** Explain the current image (or `frame`, a webcam frame) with the current settings. */
  async explainCurrent(frame?: RgbImage): Promise<ImageExplanation | undefined> {
    const model = this.model;
    const source = frame ? { rgb: frame, name: 'webcam' } : this.image;
    if (!model || !source) return undefined;
    const settings = this.hooks.settings();
    const prepared = toModelInput(source.rgb, model.inputSpec, source.name);
    this.readbacks.take();
    const [result] = await explain(model, [prepared.input], { method: settings.method, threshold: settings.threshold, batchSize: 1 });
    const readback = this.readbacks.take();
    const explanation = result.explanations[0];
    this.shown = { explanation, ...displayed(source.rgb, prepared.box) };
    this.draw();
    showPredictions(result);
    showCoverage(explanation.threshold, explanation.attribution.values.length);
    showTimings(explanation.timings);
    showMemory();
    const layer = model.layers().find((l) => l.name === result.layer);
    showReadback(readback, layer ? layer.shape.reduce((a, b) => a * b, 1) : Number.NaN);
    this.explanations++;
    this.hooks.explained(this.explanations, result);
    return result;
  }

  /** New threshold settings on the map already computed: no model call. */
  rethreshold(): void {
    if (!this.shown) return;
    const { threshold } = this.hooks.settings();
    const t0 = performance.now();
    const result = applyThreshold(this.shown.explanation.attribution.values, threshold);
    showThresholdTime(performance.now() - t0);
    this.shown.explanation = { ...this.shown.explanation, threshold: result };
    showCoverage(result, result.values.length);
    this.draw();
  }

  redraw(): void {
    if (this.shown) this.draw();
  }

  /** Record a finished frame of the continuous loop; the rate over the last few frames. */
  frameDone(): number | undefined {
    this.frameTimes.push(performance.now());
    if (this.frameTimes.length > FPS_WINDOW) this.frameTimes.shift();
    const n = this.frameTimes.length;
    const fps = n < 2 ? undefined : ((n - 1) * 1000) / (this.frameTimes[n - 1] - this.frameTimes[0]);
    showFps(fps);
    return fps;
  }

  resetFps(): void {
    this.frameTimes = [];
    showFps(undefined);
  }

  private draw(): void {
    if (!this.shown) return;
    const { explanation, display, box } = this.shown;
    const grid = explanation.attribution.topology as { width: number; height: number };
    drawFourPanels(this.hooks.canvases, {
      image: display,
      cam: { values: explanation.attribution.values, width: grid.width, height: grid.height },
      cutoff: explanation.threshold.cutoff,
      colormap: this.hooks.settings().colormap,
      box,
      panelHeight: display.height,
    });
  }
}

/** The image scaled once to the panel height, and the map's box scaled with it. */
function displayed(image: RgbImage, box: CropBox): { display: RgbImage; box: CropBox } {
  const scale = PANEL_HEIGHT / image.height;
  const width = Math.max(1, Math.round(image.width * scale));
  const sx = width / image.width;
  return {
    display: resizeRgb(image, width, PANEL_HEIGHT),
    box: { left: box.left * sx, top: box.top * scale, width: box.width * sx, height: box.height * scale },
  };
}
