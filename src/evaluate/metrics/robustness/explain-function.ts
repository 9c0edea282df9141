/**
 * How robustness and randomisation metrics obtain maps: any function from NHWC examples to one map each
 * (same size for all), so they work with every method and engine without depending on the pipeline.
 */
export type ExplainFunction = (images: Float32Array[]) => Promise<ArrayLike<number>[]>;
