/**
 * The shapes of libsvm-js 0.2 (libsvm 3.22 compiled to WebAssembly by emscripten) that mirkit uses
 * and exposes through {@link loadLibsvm}: declared here so that mirkit's public declarations stand
 * on their own (libsvm-js ships no types).
 * @packageDocumentation
 */
/** Options of the SVM constructor (libsvm's svm-train command-line flags). */
export interface LibsvmOptions {
  /** `SVM.SVM_TYPES.*` (default C_SVC). */
  type?: string;
  /** `SVM.KERNEL_TYPES.*` (default RBF). */
  kernel?: string;
  /** Polynomial degree (default 3). */
  degree?: number;
  /** Kernel gamma (default 1 / nFeatures). */
  gamma?: number;
  /** Kernel coef0 (default 0). */
  coef0?: number;
  /** C of C-SVC (default 1). */
  cost?: number;
  /** nu of nu-SVC / nu-SVR. */
  nu?: number;
  /** epsilon of epsilon-SVR. */
  epsilon?: number;
  /** Kernel cache in MB (default 100). */
  cacheSize?: number;
  /** Stopping tolerance (default 0.001). */
  tolerance?: number;
  /** Shrinking heuristics (default true). */
  shrinking?: boolean;
  /** Train Platt probability estimates (default false). */
  probabilityEstimates?: boolean;
  /** Per-label weight multiplying C: `{ [label]: weight }`. */
  weight?: Record<string | number, number>;
  /** Silence libsvm's training log (default true in the wrapper). */
  quiet?: boolean;
}

/** One probability estimate of {@link LibsvmSVM.predictOneProbability}. */
export interface LibsvmEstimate {
  /** The class label. */
  label: number;
  /** Its estimated probability. */
  probability: number;
}

/** A prediction with its per-label probability estimates. */
export interface LibsvmProbabilityPrediction {
  /** The predicted label. */
  prediction: number;
  /** One estimate per label. */
  estimates: LibsvmEstimate[];
}

/** libsvm's SVM type names (`SVM.SVM_TYPES`). */
export interface LibsvmSvmTypes {
  /** C-support vector classification. */
  C_SVC: string;
  /** nu-support vector classification. */
  NU_SVC: string;
  /** One-class SVM. */
  ONE_CLASS: string;
  /** epsilon-support vector regression. */
  EPSILON_SVR: string;
  /** nu-support vector regression. */
  NU_SVR: string;
}

/** libsvm's kernel names (`SVM.KERNEL_TYPES`). */
export interface LibsvmKernelTypes {
  /** u'v. */
  LINEAR: string;
  /** (gamma u'v + coef0)^degree. */
  POLYNOMIAL: string;
  /** exp(-gamma |u - v|^2). */
  RBF: string;
  /** tanh(gamma u'v + coef0). */
  SIGMOID: string;
  /** A precomputed kernel matrix. */
  PRECOMPUTED: string;
}

/** The libsvm-js SVM class. */
export interface LibsvmSVM {
  /** Trains on rows `samples` with numeric `labels` (distinct integers for classification). */
  train(samples: number[][], labels: number[]): void;
  /** k-fold cross-validated predictions. */
  crossValidation(samples: number[][], labels: number[], kFold: number): number[];
  /** Frees the wasm memory of the problem and model (not garbage collected otherwise). */
  free(): void;
  /** Predicted label of one sample (libsvm's one-vs-one vote). */
  predictOne(sample: number[]): number;
  /** Predicted labels. */
  predict(samples: number[][]): number[];
  /** Prediction plus per-label probability estimates (needs `probabilityEstimates`). */
  predictOneProbability(sample: number[]): LibsvmProbabilityPrediction;
  /** {@link LibsvmSVM.predictOneProbability} for many samples. */
  predictProbability(samples: number[][]): LibsvmProbabilityPrediction[];
  /** Labels in the model's internal order. */
  getLabels(): number[];
  /** 0-based indices of the support vectors in the training samples, in model order. */
  getSVIndices(): number[];
  /** The model in libsvm's text format (svm_save_model). */
  serializeModel(): string;
}

/** Constructor and statics of the SVM class. */
export interface LibsvmSVMClass {
  new (options?: LibsvmOptions): LibsvmSVM;
  /** Restores a model from {@link LibsvmSVM.serializeModel} text (predict only). */
  load(serializedModel: string): LibsvmSVM;
  /** SVM type names for {@link LibsvmOptions.type}. */
  readonly SVM_TYPES: LibsvmSvmTypes;
  /** Kernel names for {@link LibsvmOptions.kernel}. */
  readonly KERNEL_TYPES: LibsvmKernelTypes;
}
