/**
 * Counts what TF.js copies from the backend to JavaScript. On WebGPU and WebGL each readback is a GPU ->
 * CPU transfer that stalls the pipeline, so the page shows, per explanation, how many values came back:
 * the explanation should read only the logits and the small map, never the layer's activations.
 */
import * as tf from '@tensorflow/tfjs';

export interface ReadbackLog {
  /** Readbacks since the last `take()`. */
  count: number;
  /** Values read back in all. */
  totalValues: number;
  /** The largest single readback, in values, and the shape it had. */
  largestValues: number;
  largestShape: number[];
  /** The shape of each readback, in order (the first MAX_LOGGED_SHAPES). */
  shapes: number[][];
}

/** Shapes kept per tally: an explanation reads back a handful of tensors; a loop nobody tallies must not grow without bound. */
export const MAX_LOGGED_SHAPES = 64;

export interface ReadbackMonitor {
  /** What was read back since the previous call; starts a new tally. */
  take(): ReadbackLog;
  /** Restore the engine's own methods. */
  stop(): void;
}

type DataId = object;

/** Wrap the engine's read and readSync (every Tensor.data/dataSync/array goes through one of them). */
export function monitorReadbacks(): ReadbackMonitor {
  const engine = tf.engine();
  const read = engine.read;
  const readSync = engine.readSync;
  let log = emptyLog();
  const record = (dataId: DataId): void => {
    const info = engine.state.tensorInfo.get(dataId);
    const shape = info?.shape ?? [];
    const values = shape.reduce((a, b) => a * b, 1);
    log.count++;
    log.totalValues += values;
    if (log.shapes.length < MAX_LOGGED_SHAPES) log.shapes.push([...shape]);
    if (values > log.largestValues) {
      log.largestValues = values;
      log.largestShape = [...shape];
    }
  };
  engine.read = (dataId: DataId) => {
    record(dataId);
    return read.call(engine, dataId);
  };
  engine.readSync = (dataId: DataId) => {
    record(dataId);
    return readSync.call(engine, dataId);
  };
  return {
    take() {
      const taken = log;
      log = emptyLog();
      return taken;
    },
    stop() {
      engine.read = read;
      engine.readSync = readSync;
    },
  };
}

function emptyLog(): ReadbackLog {
  return { count: 0, totalValues: 0, largestValues: 0, largestShape: [], shapes: [] };
}
