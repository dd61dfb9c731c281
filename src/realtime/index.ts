// Public exports of src/realtime: the streaming analyzer and the Web Audio node.
export { createAnalyzer } from './analyzer.js';
export type {
  Analyzer,
  AnalyzerFeature,
  AnalyzerSourceFeature,
  AnalyzerFeatureOptions,
  AnalyzerDeltaOptions,
  AnalyzerStackMemoryOptions,
  AnalyzerYinOptions,
  AnalyzerOptions,
  Frame,
} from './types.js';
export {
  createAnalyzerNode,
  type AnalyzerNodeHandle,
  type AnalyzerNodeOptions,
  type NodeFrame,
  type AudioNodeLike,
  type AnalyzerWorkletNode,
  type AudioContextLike,
  type DomTypeOr,
  type DomClass,
  type AudioNodeShape,
  type WorkletNodeShape,
  type WorkletPortShape,
  type AudioContextShape,
  type WorkletLoaderShape,
} from './node.js';
