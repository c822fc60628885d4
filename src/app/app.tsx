import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { AffectPlots } from './components/affect-plots';
import { ModelInputs } from './components/model-inputs';
import { DevicePickers } from './components/device-pickers';
import { MessageList } from './components/message-list';
import { ModelPanel } from './components/model-panel';
import type { EmptyState } from './components/bars';
import { StatsPanel } from './components/stats-panel';
import { TrackPicker } from './components/track-picker';
import { useTrackChoice } from './components/use-track-choice';
import { useScrollIntoView } from './components/use-scroll-into-view';
import { useMirrorSetting } from './components/use-mirror-setting';
import { VideoPanel } from './components/video-panel';
import { AnnotationPanel } from './annotate';
import { FileAnalysisView, FileSourcePanel, useFileAnalysis } from './file-analysis';
import { importSessionFile } from './replay/import';
import { ReplayView } from './replay/replay-view';
import { LibraryPanel } from './sessions/library-panel';
import { RecordButton } from './sessions/record-button';
import { useRecording } from './sessions/use-recording';
import { useSessionLibrary, type SessionLibrary } from './sessions/use-session-library';
import type { SessionSummary } from '../io/session-store/schema';
import { usePipeline } from './use-pipeline';

/** The replay opens above the live page: bring it into view (and focus) when it opens. */
function ScrolledIntoView({ children }: { children: ReactNode }) {
  const ref = useScrollIntoView<HTMLDivElement>(null);
  return <div ref={ref} tabIndex={-1} className="scroll-target">{children}</div>;
}

export function App() {
  const { controller, snapshot, settings, startupError } = usePipeline();
  const face = snapshot?.face ?? null;
  const predicted = snapshot?.prediction ?? null;
  // A stale prediction is never shown: once the face is gone, the plots say so.
  const faceInView = face !== null && face.status !== 'no-face';
  // With several faces the plots follow one (the largest unless another is picked), from its own track.
  const tracks = snapshot?.tracks ?? [];
  const choice = useTrackChoice(tracks, face?.trackId ?? null);
  const chosen = choice.track?.face ? choice.track : null;
  const prediction = faceInView ? chosen?.prediction ?? null : null;
  // Before the first prediction, with a face in view or before the face worker has answered at all, the models are
  // still loading, which is not "no face"; a camera that never opened (denied, absent, busy) is "no camera". A camera
  // unplugged mid-run keeps "no face" with its own message.
  const beforeFirstPrediction = (snapshot?.predictionsTotal ?? 0) === 0;
  const cameraError = snapshot?.messages.some((m) => m.slot === 'camera' && m.severity === 'error') ?? false;
  const emptyState: EmptyState = beforeFirstPrediction && cameraError ? 'no-camera' : beforeFirstPrediction && (face === null || faceInView) ? 'loading' : 'no-face';
  // The history is appended per prediction; a new prediction is what makes a new copy worth taking.
  // One face: the continuous history as before (it spans face losses); several: the chosen face's own.
  const { selectedTrackId } = choice;
  const perTrack = tracks.length > 1 && selectedTrackId !== null;
  const samples = useMemo(
    () => (perTrack ? controller?.tracks.history(selectedTrackId) : controller?.history.recent()) ?? [],
    [controller, predicted, perTrack, selectedTrackId],
  );
  const untrained = snapshot?.model ? !snapshot.model.trained : false;
  const library = useSessionLibrary();
  const sessionIds = useMemo(() => library.sessions.map((s) => s.id), [library.sessions]);
  const recording = useRecording(controller, library.store, () => void library.refresh(), settings?.recordingCodec);
  const [replayId, setReplayId] = useState<string | null>(null);
  const [mirrored, setMirrored] = useMirrorSetting();
  const files = useFileAnalysis(library, () => void library.refresh());
  const fileBusy = ['loading', 'running', 'paused'].includes(files.snapshot?.phase ?? '');
  // One pipeline at a time on the CPU: the camera is not analysed while a file is, nor while a session is replayed
  // (its playback, plots and annotation input need the CPU; a recording in progress keeps the camera analysed).
  const livePause: 'file' | 'replay' | null = fileBusy ? 'file' : replayId !== null && !recording.active ? 'replay' : null;
  useEffect(() => controller?.setPaused(livePause !== null), [controller, livePause]);
  // A session deleted while it is replayed closes its replay (annotating it would fail).
  useEffect(() => {
    if (replayId && library.store && !library.sessions.some((s) => s.id === replayId)) setReplayId(null);
  }, [replayId, library.store, library.sessions]);

  return (
    <div className={`app${mirrored ? ' mirrored' : ''}`} onClick={() => void controller?.resumeAudio()}>
      <header>
        <h1>affectscope</h1>
        <span className="muted">live audio-visual affect analysis · everything runs on this device</span>
        <span className={`phase ${snapshot?.phase ?? 'loading'}`} data-testid="phase">{snapshot?.phase ?? 'loading'}</span>
      </header>
      {startupError && <ul className="messages"><li className="message error" data-testid="message-startup">{startupError}</li></ul>}
      {snapshot && <MessageList messages={snapshot.messages} onRetry={() => void controller?.retry()} />}
      {library.recovered.length > 0 && (
        <p className="message info" data-testid="recovered-notice">
          <span>
            {library.recovered.length === 1 ? 'A session' : `${library.recovered.length} sessions`} interrupted on your last visit
            {library.recovered.length === 1 ? ' was' : ' were'} recovered up to the last saved second: see <a href="#sessions">Sessions</a>.
          </span>
        </p>
      )}
      {fileBusy && <p className="message info" data-testid="camera-paused">The camera is not analysed while a video file is (one pipeline at a time on this CPU).</p>}
      {replayId && library.store && (
        <ScrolledIntoView key={replayId}>
        <ReplayView
          store={library.store}
          sessionId={replayId}
          onClose={() => { setReplayId(null); void library.refresh(); }}
          annotationSlot={(ctx) => (
            <AnnotationPanel video={ctx.video} session={ctx.session} currentTimeMs={ctx.currentTimeMs} store={library.store!} onSaved={ctx.reload} face={ctx.face} />
          )}
        />
        </ScrolledIntoView>
      )}
      {files.snapshot && <FileAnalysisView state={files} onReplay={(id) => { files.close(); setReplayId(id); }} />}
      <main className={livePause ? 'live-paused' : undefined} data-live-paused={livePause ? 'yes' : 'no'}>
        <section className="panel capture">
          {livePause && (
            <div className="live-paused-badge" data-testid="live-paused-badge">
              {`paused ${PAUSE_REASONS[livePause]}`}
            </div>
          )}
          <VideoPanel
            result={face} onVideo={(video) => void controller?.attach(video)} key={controller ? 'ready' : 'waiting'}
            selectedTrackId={selectedTrackId} onPickTrack={choice.pick}
          />
          {snapshot && (
            <DevicePickers
              cameras={snapshot.cameras} microphones={snapshot.microphones} cameraId={snapshot.cameraId} microphoneId={snapshot.microphoneId}
              onCamera={(id) => void controller?.selectCamera(id)} onMicrophone={(id) => void controller?.selectMicrophone(id)}
            />
          )}
          <label className="small mirror-toggle" title="Live and in replays of camera recordings; recordings are saved as the camera sees them, video files are never mirrored.">
            <input type="checkbox" checked={mirrored} onChange={(e) => setMirrored(e.target.checked)} data-testid="mirror-toggle" />{' '}
            mirror the camera view
          </label>
          <RecordButton recording={recording} disabled={!library.store || snapshot?.phase !== 'running'} sessionIds={sessionIds} />
          <ModelInputs face={face} predicted={predicted} audioActive={snapshot?.audioActive ?? false} crop={chosen ? chosen.face!.cropRgba : undefined} />
        </section>
        <section
          className={`panel outputs${untrained ? ' untrained' : ''}`} data-testid="outputs" data-predictions={snapshot?.predictionsTotal ?? 0}
          data-track={selectedTrackId ?? ''}
        >
          {untrained && <div className="watermark">untrained network — not a prediction</div>}
          <TrackPicker tracks={tracks} selectedTrackId={selectedTrackId} onPick={choice.pick} />
          <AffectPlots
            prediction={prediction} samples={samples} derived={snapshot?.model?.derivedOutputs} emptyState={emptyState}
            measuredActionUnits={chosen?.face?.measuredActionUnits ?? null} auThresholds={snapshot?.model?.actionUnitThresholds}
          />
        </section>
        <aside>
          {snapshot && (
            <StatsPanel
              fps={controller?.stats.fps() ?? 0} medians={controller!.stats.medians()} backend={snapshot.backend}
              backendChoice={snapshot.backendChoice} skipped={snapshot.skippedBackends} onBackend={(b) => controller?.setBackend(b)}
              pausedBecause={livePause && PAUSE_REASONS[livePause]}
            />
          )}
          <FileSourcePanel onFile={(file, name) => void files.start(file, name)} busy={fileBusy || files.waitingFile !== null} waitingFile={files.waitingFile} />
          {files.error && !files.snapshot && <p className="message error" data-testid="file-start-error">{files.error}</p>}
          <ModelPanel model={snapshot?.model ?? null} />
        </aside>
        <LibraryPanel library={library} onReplay={setReplayId} onImport={(file) => importInto(library, file)} />
      </main>
    </div>
  );
}

/** Why the live camera is not analysed, after "paused". */
const PAUSE_REASONS = { file: 'while a video file is analysed', replay: 'while a session is replayed' } as const;

/** Imports `file` into the library; the session, or null when it failed (the library's message says why). */
async function importInto(library: SessionLibrary, file: File): Promise<SessionSummary | null> {
  let imported: SessionSummary | null = null;
  await library.run(async (store) => { imported = await importSessionFile(store, file); });
  return imported;
}
