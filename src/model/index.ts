/** src/model: TensorFlow.js networks of Kollias & Zafeiriou 2019 §3, verified weight loading, backend choice. */
export * from './config';
export { paramSpec, parameterCount, vggConvLayers, vggOutputSize } from './param-spec';
export type { ParamSpecEntry, StreamName } from './param-spec';
export { initWeights } from './init-weights';
export { encodeWeights, encodeWeightShards } from './encode-weights';
export type { EncodedWeights } from './encode-weights';
export { decodeFloat16, encodeFloat16 } from './float16';
export { validateManifest } from './manifest';
export type { ExpressionHeadSpec, ManifestTensor, ManifestWeightFile, ModelHeadSpec, ModelInputSpec, ModelManifest, ModelProvenance, WeightDtype } from './manifest';
export { loadModelWeights } from './loader';
export type { FetchFn, LoadedModelWeights } from './loader';
export { resolveBackend, BACKEND_NAMES } from './backends';
export type { BackendName, ResolveBackendOptions, ResolvedBackend, SkippedBackend } from './backends';
export type { AdapterProbes, AdapterReport } from './adapter-probe';
export { AvStreamingModel } from './streaming';
export type { AvStreamingModelOptions, StepTiming } from './streaming';
export { createStreamingModel, manifestAlignOptions, manifestSpectrogramOptions } from './create-streaming-model';
export type { StreamingModel, StreamingModelOptions } from './create-streaming-model';
