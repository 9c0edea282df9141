/**
 * litecam in the browser: the same `explain()` pipeline as in Node, on TF.js WebGPU / WebGL / WebAssembly
 * and ONNX Runtime Web, with images read from the page and the four panels drawn onto canvases. Nothing here
 * touches the file system or native modules; the web build (web/vite.config.ts) keeps those out.
 */
export { explain, softmax, DEFAULTS as EXPLAIN_DEFAULTS } from '../explain.js';
export type { ExplainOptions, Explanation, ImageExplanation, Prediction, PreparedInput, Timings } from '../explain.js';
export type { ExplainableModel, InputSpec } from '../engines/types.js';
export { applyThreshold, type ThresholdSpec } from '../attribution/threshold/apply.js';
export { COLORMAPS } from '../render/colormaps.js';
export { UsageError, isUsageError } from '../errors.js';
export { assetUrls, type AssetUrls } from './assets.js';
export { BROWSER_BACKENDS, backendAvailability, initBrowserBackend, type BackendChoice, type BackendStatus, type BrowserBackend } from './backend.js';
export { configureOnnxRuntime, onnxThreads } from './onnx-runtime.js';
export { readRgb, toModelInput, type ModelFrame } from './image-source.js';
export { drawFourPanels, drawRgb, PANEL_NAMES, type PanelName } from './panels.js';
export { loadDemoModel, loadUserModel, loadZooModel, type UserModelOptions } from './models.js';
export { monitorReadbacks, type ReadbackLog, type ReadbackMonitor } from './readback-monitor.js';
export { DEVICE_PROFILES, deviceProfile, type DeviceProfile } from './profiles.js';
export { BENCH_THRESHOLDS, REAL_TIME_BUDGET_MS, timeCpuWork, timeExplanations, timePrediction, type ModelTiming } from './bench-page.js';
