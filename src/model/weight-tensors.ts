import * as tf from '@tensorflow/tfjs-core';
import { AffectscopeError } from '../core/errors';
import type { ParamSpecEntry } from './param-spec';
import { elementCount } from './param-spec';

/** The network's weights as tf tensors, by paramSpec name; owns them until dispose(). */
export class WeightTensors {
  private readonly tensors = new Map<string, tf.Tensor>();

  /** Copies `values` to the current backend; every spec entry must be present with its size. */
  constructor(spec: readonly ParamSpecEntry[], values: ReadonlyMap<string, Float32Array>) {
    for (const entry of spec) {
      const data = values.get(entry.name);
      const expected = elementCount(entry.shape);
      if (!data || data.length !== expected) {
        this.dispose();
        throw new AffectscopeError('invalid-options', `weights '${entry.name}': expected ${expected} values, got ${data?.length ?? 'none'}`);
      }
      this.tensors.set(entry.name, tf.tensor(data, entry.shape, 'float32'));
    }
  }

  get<R extends tf.Rank>(name: string): tf.Tensor<R> {
    const tensor = this.tensors.get(name);
    if (!tensor) throw new AffectscopeError('internal', `weight '${name}' is not loaded`);
    return tensor as tf.Tensor<R>;
  }

  /**
   * A 2-D weight transposed ([a, b] → [b, a]), made on first use and owned like the others: on wasm a matMul
   * with transposeB transposes B on every call, 3–7× slower than with B stored transposed (gru.ts).
   */
  transposed(name: string): tf.Tensor2D {
    const key = `${name}#transposed`;
    let tensor = this.tensors.get(key);
    if (!tensor) {
      tensor = tf.keep(tf.transpose(this.get<tf.Rank.R2>(name)));
      this.tensors.set(key, tensor);
    }
    return tensor as tf.Tensor2D;
  }

  dispose(): void {
    for (const tensor of this.tensors.values()) tensor.dispose();
    this.tensors.clear();
  }
}
