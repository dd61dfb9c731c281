/**
 * Size bounds of the neural networks, checked before any tensor is allocated: the weight count
 * ({@link MAX_NETWORK_WEIGHTS}), the values the widest layer holds for one batch
 * ({@link MAX_ACTIVATION_VALUES}) and a recurrent network's time steps ({@link MAX_LSTM_STEPS}). Each classifier describes its network as a list of
 * {@link LayerSize}s computed from its options and the input shape.
 * @internal
 * @packageDocumentation
 */
import { MirkitError, type MirkitErrorCode } from '../../errors.js';
import { MAX_ACTIVATION_VALUES, MAX_LSTM_STEPS, MAX_NETWORK_WEIGHTS } from '../../limits.js';

/** What one layer (or one of its intermediate tensors) costs. @internal */
export interface LayerSize {
  /** The layer, for messages (`'hidden layer 0'`, `'the first convolution's unfolded input'`). */
  what: string;
  /** The option that sets its size (`details.option` of the error). */
  option: string;
  /** Trainable weights of the layer (0 for an intermediate tensor). */
  weights: number;
  /** Values one sample holds in the tensor: frames x width. */
  perSample: number;
  /**
   * What a training step needs whatever the batch, counted against the same bound: the LSTM's
   * frames x hiddenSize^2, for the recurrent-kernel gradient (4 hiddenSize^2 values) TensorFlow.js
   * keeps once per frame until the step ends.
   */
  perStep?: number;
  /** What {@link LayerSize.perStep} counts, for the message. */
  perStepWhat?: string;
  /** Time steps the layer runs one after another (a recurrent layer's frames), counted against {@link MAX_LSTM_STEPS}. */
  sequentialSteps?: number;
}

/** A dense layer of `units` on `inWidth` inputs per frame, over `frames` frames. @internal */
export function denseSize(what: string, option: string, inWidth: number, units: number, frames = 1): LayerSize {
  return { what, option, weights: inWidth * units + units, perSample: frames * units };
}

/** The most samples one prediction batch may hold so that no layer passes the activation bound (at most 256). @internal */
export function predictionBatch(layers: LayerSize[]): number {
  const widest = Math.max(1, ...layers.map((l) => l.perSample));
  return Math.max(1, Math.min(256, Math.floor(MAX_ACTIVATION_VALUES / widest)));
}

const pow2 = (v: number): string => `2^${Math.log2(v)}`;

/**
 * Throws `code` (`BAD_OPTION` for options, `BAD_MODEL` for a saved model) when the network `layers`
 * of `model` has more than {@link MAX_NETWORK_WEIGHTS} weights, or when one of its tensors would hold
 * more than {@link MAX_ACTIVATION_VALUES} values for a batch of `batch` samples (`training` adds the
 * per-step terms of {@link LayerSize.perStep}). `details` name the option to change and the bound.
 * @internal
 */
export function checkNetworkSize(model: string, layers: LayerSize[], batch: number, training: boolean, code: MirkitErrorCode): void {
  const weights = layers.reduce((s, l) => s + l.weights, 0);
  if (!(weights <= MAX_NETWORK_WEIGHTS)) {
    const big = layers.reduce((a, b) => (b.weights > a.weights ? b : a));
    throw new MirkitError(
      code,
      `${model}: the network would have ${weights} weights, above the bound of ${pow2(MAX_NETWORK_WEIGHTS)} (MAX_NETWORK_WEIGHTS), ${big.weights} of them in ${big.what}: lower ${big.option}`,
      { option: big.option, bound: MAX_NETWORK_WEIGHTS, weights },
    );
  }
  const recurrent = layers.filter((l) => l.sequentialSteps);
  const steps = recurrent.reduce((s, l) => s + (l.sequentialSteps ?? 0), 0);
  if (steps > MAX_LSTM_STEPS) {
    // fewer layers help when the first alone fits; else the sequences must be shorter
    const option = recurrent.length > 1 && (recurrent[0].sequentialSteps ?? 0) <= MAX_LSTM_STEPS ? 'numLayers' : 'sequenceLength';
    throw new MirkitError(
      code,
      `${model}: its layers would run ${steps} time steps one after another, above the bound of ${pow2(MAX_LSTM_STEPS)} (MAX_LSTM_STEPS): lower ${option}`,
      { option, bound: MAX_LSTM_STEPS, steps },
    );
  }
  for (const l of layers) {
    const perBatch = l.perSample * batch;
    const perStep = training ? (l.perStep ?? 0) : 0;
    if (perBatch <= MAX_ACTIVATION_VALUES && perStep <= MAX_ACTIVATION_VALUES) continue;
    const held =
      perStep > perBatch
        ? `${l.what} would count ${perStep} (${l.perStepWhat ?? 'values'}) in one training step`
        : `${l.what} would hold ${batch} x ${l.perSample} = ${perBatch} values for a batch of ${batch} sample${batch === 1 ? '' : 's'}`;
    const advice = perStep > perBatch || batch === 1 ? `lower ${l.option}` : `lower ${l.option} or batchSize`;
    throw new MirkitError(code, `${model}: ${held}, above the bound of ${pow2(MAX_ACTIVATION_VALUES)} (MAX_ACTIVATION_VALUES): ${advice}`, {
      option: l.option,
      bound: MAX_ACTIVATION_VALUES,
      values: Math.max(perBatch, perStep),
    });
  }
}
