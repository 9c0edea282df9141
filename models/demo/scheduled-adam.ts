import * as tf from '@tensorflow/tfjs';

/** Adam whose learning rate can be lowered between epochs while keeping its moment estimates. */
export class ScheduledAdam extends tf.AdamOptimizer {
  setLearningRate(rate: number): void {
    this.learningRate = rate;
  }
}
