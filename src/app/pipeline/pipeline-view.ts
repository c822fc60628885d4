import type { FramePipeline } from './frame-pipeline';
import { SnapshotStore } from './snapshot-store';
import type { StageStats } from './stats';

/**
 * What a view over the FramePipeline (the live page's PipelineController, a FileAnalysis) shows its readers: React
 * (useSyncExternalStore), the headless analyze page and the benchmarks read `subscribe`, `getSnapshot` and `stats`.
 * A subclass builds its pipeline in its constructor, since the pipeline's handlers are its methods.
 */
export abstract class PipelineView<T extends object> {
  protected readonly store: SnapshotStore<T>;
  protected abstract readonly pipeline: FramePipeline;

  constructor(initialSnapshot: T) {
    this.store = new SnapshotStore(initialSnapshot);
  }

  get subscribe(): (listener: () => void) => () => void {
    return this.store.subscribe;
  }

  get getSnapshot(): () => T {
    return this.store.getSnapshot;
  }

  /** the pipeline's per-stage latencies and frame rate */
  get stats(): StageStats {
    return this.pipeline.stats;
  }
}
