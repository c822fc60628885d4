import * as tf from '@tensorflow/tfjs-core';
import type { Architecture, AvModelConfig } from './config';
import type { GruLayerWeights } from './gru';
import { gruLayerWeights, gruStackSequence, gruStackStep } from './gru';
import type { CosineExpressionHead } from './head';
import { cosineExpressionCentres, outputHead } from './head';
import type { ModelHeadSpec } from './manifest';
import { paramSpec } from './param-spec';
import { vggBody } from './vgg-body';
import { WeightTensors } from './weight-tensors';

export type RecurrentBlock = 'visual' | 'audio' | 'fusion';

/** Hidden states per recurrent block, each [layers][1, gruUnits]; blocks the architecture lacks are absent. */
export type RecurrentState = Partial<Record<RecurrentBlock, tf.Tensor2D[]>>;

/** First-fc features of one or more frames: visual [T, fcUnits], audio [T, audio.fcUnits] (A/V only). */
export interface FrameFeatures {
  visual: tf.Tensor2D;
  audio: tf.Tensor2D | null;
}

/** Recurrent blocks of each architecture (§3): MT-VGG none, MT-VGG-RNN one, A/V-MT-VGG-RNN three. */
export const RECURRENT_BLOCKS: Record<Architecture, RecurrentBlock[]> = {
  'mt-vgg': [],
  'mt-vgg-rnn': ['visual'],
  'av-mt-vgg-rnn': ['visual', 'audio', 'fusion'],
};

/** An architecture with its weights on the current tf backend. Owns the weight tensors. */
export class AvNetwork {
  readonly weights: WeightTensors;
  private readonly gru: Partial<Record<RecurrentBlock, GruLayerWeights[]>> = {};
  private readonly cosineHead?: CosineExpressionHead;

  /** `head`: how the expression logits are made (ModelManifest.head); absent = linear. */
  constructor(
    readonly architecture: Architecture,
    readonly config: AvModelConfig,
    values: ReadonlyMap<string, Float32Array>,
    head?: ModelHeadSpec,
  ) {
    this.weights = new WeightTensors(paramSpec(architecture, config), values);
    for (const block of RECURRENT_BLOCKS[architecture]) {
      this.gru[block] = Array.from({ length: config.gruLayers }, (_, layer) => gruLayerWeights(this.weights, block, layer));
    }
    if (head?.expression.kind === 'cosine') {
      this.cosineHead = { scale: head.expression.scale, centres: cosineExpressionCentres(this.weights) };
    }
  }

  get usesAudio(): boolean {
    return this.architecture === 'av-mt-vgg-rnn';
  }

  /** All-zero initial state (the paper's sequences start from zero). Call inside tf.tidy or keep + dispose. */
  zeroState(): RecurrentState {
    const state: RecurrentState = {};
    for (const block of RECURRENT_BLOCKS[this.architecture]) {
      state[block] = Array.from({ length: this.config.gruLayers }, () => tf.zeros([1, this.config.gruUnits]) as tf.Tensor2D);
    }
    return state;
  }

  /** CNN bodies on a batch: faces [T, S, S, C] ∈ [-1, 1], audios [T, contextFrames, freqBins, 1] ∈ [-1, 1]. */
  encode(faces: tf.Tensor4D, audios: tf.Tensor4D | null): FrameFeatures {
    return {
      visual: vggBody('visual', faces, this.weights, this.config.widthMultiplier),
      audio: this.usesAudio && audios ? vggBody('audio', audios, this.weights, this.config.audio.widthMultiplier) : null,
    };
  }

  /** One time step: features of one frame ([1, fcUnits]) → activated outputs [1, 17] and the next state. */
  step(features: FrameFeatures, state: RecurrentState): { outputs: tf.Tensor2D; state: RecurrentState } {
    return this.recur(features, state, (x, s, layers) => {
      const next = gruStackStep(x, s, layers);
      return { outputs: next[next.length - 1], finalStates: next };
    });
  }

  /** A whole sequence: features [T, fcUnits] from `state` → outputs [T, 17] and the final state. */
  sequence(features: FrameFeatures, state: RecurrentState): { outputs: tf.Tensor2D; state: RecurrentState } {
    return this.recur(features, state, gruStackSequence);
  }

  private recur(
    features: FrameFeatures,
    state: RecurrentState,
    run: (x: tf.Tensor2D, states: tf.Tensor2D[], layers: GruLayerWeights[]) => { outputs: tf.Tensor2D; finalStates: tf.Tensor2D[] },
  ): { outputs: tf.Tensor2D; state: RecurrentState } {
    const next: RecurrentState = {};
    const block = (name: RecurrentBlock, x: tf.Tensor2D): tf.Tensor2D => {
      const result = run(x, state[name]!, this.gru[name]!);
      next[name] = result.finalStates;
      return result.outputs;
    };
    let top: tf.Tensor2D;
    if (this.architecture === 'mt-vgg') {
      top = features.visual;
    } else if (this.architecture === 'mt-vgg-rnn') {
      top = block('visual', features.visual);
    } else {
      // Feature-level fusion (§3, Figure 4): concat the two streams' GRU outputs (2 × 128 = 256).
      const fused = tf.concat([block('visual', features.visual), block('audio', features.audio!)], 1);
      top = block('fusion', fused);
    }
    return { outputs: outputHead(top, this.weights, this.cosineHead), state: next };
  }

  dispose(): void {
    this.cosineHead?.centres.dispose();
    this.weights.dispose();
  }
}
