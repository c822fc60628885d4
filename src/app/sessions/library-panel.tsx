import { useState } from 'react';
import type { SessionSummary } from '../../io/session-store/schema';
import { formatBytes, formatDurationMs } from './format';
import { StoragePersistence } from './storage-persistence';
import type { SessionLibrary } from './use-session-library';

function SessionRow({ session, library, onReplay }: { session: SessionSummary; library: SessionLibrary; onReplay: (id: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(session.name);
  const [nameError, setNameError] = useState<string | null>(null);
  const cancel = () => { setEditing(false); setName(session.name); setNameError(null); };
  const save = () => {
    if (name.trim() === '') { setNameError('A session needs a name: type one, or press Escape to keep the old one.'); return; }
    setEditing(false);
    setNameError(null);
    void library.rename(session.id, name.trim());
  };
  return (
    <li className="session" data-testid="session-row" data-session-id={session.id} data-state={session.state} data-mime-type={session.mimeType}>
      {editing ? (
        <form onSubmit={(e) => { e.preventDefault(); save(); }} onKeyDown={(e) => { if (e.key === 'Escape') cancel(); }}>
          <input value={name} onChange={(e) => setName(e.target.value)} aria-label="session name" data-testid="session-name-input" autoFocus aria-invalid={nameError !== null} />
          <button type="submit">Save</button>
          <button type="button" onClick={cancel}>Cancel</button>
          {nameError && <p className="message error small" role="alert" data-testid="session-name-error">{nameError}</p>}
        </form>
      ) : (
        <strong data-testid="session-name">{session.name}</strong>
      )}
      <div className="muted small">
        {new Date(session.createdAtIso).toLocaleString()} · <span data-testid="session-duration" data-ms={session.durationMs}>{formatDurationMs(session.durationMs)}</span> ·{' '}
        <span data-testid="session-size" data-bytes={session.byteLength}>{formatBytes(session.byteLength)}</span> · {session.frameCount} frames
        {session.state === 'recovered' && <span className="badge-recovered"> · recovered after an interruption</span>}
        {session.state === 'recording' && <span> · recording…</span>}
      </div>
      {session.state !== 'recording' && (
        <div className="row-actions">
          <button onClick={() => onReplay(session.id)} data-testid="session-replay">Replay</button>
          <button onClick={() => setEditing(true)} data-testid="session-rename">Rename</button>
          <button onClick={() => { if (window.confirm(`Delete "${session.name}"? This cannot be undone.`)) void library.remove(session.id); }} data-testid="session-delete">Delete</button>
        </div>
      )}
    </li>
  );
}

/** The recorded sessions on this device, with the storage they use and what is left. */
export interface LibraryPanelProps {
  library: SessionLibrary;
  onReplay: (id: string) => void;
  /** imports a session zip exported by affectscope */
  /** imports a session zip exported by affectscope; resolves with the session, or null when it failed (the library says why) */
  onImport: (file: File) => Promise<SessionSummary | null>;
}

export function LibraryPanel({ library, onReplay, onImport }: LibraryPanelProps) {
  const { usage } = library;
  const [importing, setImporting] = useState<{ fileName: string; done: SessionSummary | null } | null>(null);
  const startImport = (file: File) => {
    setImporting({ fileName: file.name, done: null });
    void onImport(file).then((done) => setImporting(done ? { fileName: file.name, done } : null));
  };
  // the note goes with the session it names
  const imported = importing?.done && library.sessions.some((s) => s.id === importing.done!.id) ? importing.done : null;
  const sessionsBytes = library.sessions.reduce((sum, s) => sum + s.byteLength, 0);
  return (
    <section className="panel library" data-testid="library" id="sessions" tabIndex={-1} aria-label="Sessions">
      <h2>Sessions</h2>
      {library.error && <p className="message error" data-testid="library-error">{library.error}</p>}
      {importing && !importing.done && <p className="message info" role="status" data-testid="library-importing">Importing “{importing.fileName}”…</p>}
      {imported && (
        <p className="message info" role="status" data-testid="library-imported">
          Imported “{imported.name}” from {importing!.fileName}: {formatDurationMs(imported.durationMs)}, {imported.frameCount} frames.
        </p>
      )}
      {library.recovered.length > 0 && (
        <p className="message info" data-testid="library-recovered">
          Recovered {library.recovered.length} interrupted recording(s), saved up to their last second.
        </p>
      )}
      {usage && (
        <div className="muted small" data-testid="storage-usage" title="The browser's figure for this site: the sessions, the app's offline copy and the models together.">
          Sessions: {formatBytes(sessionsBytes)} · this site in all (with the app's offline copy): {formatBytes(usage.usedBytes)} used,{' '}
          {formatBytes(Math.max(0, usage.quotaBytes - usage.usedBytes))} left
        </div>
      )}
      <StoragePersistence sessions={library.sessions} />
      <label className="import small">
        Import a session (.zip){' '}
        <input
          type="file" accept=".zip,application/zip" data-testid="session-import"
          disabled={importing !== null && importing.done === null} // one import at a time: each has its note
          onChange={(e) => { const file = e.target.files?.[0]; e.target.value = ''; if (file) startImport(file); }}
        />
      </label>
      {library.sessions.length === 0 ? (
        <p className="muted small">No sessions yet: press Record.</p>
      ) : (
        <ul className="sessions">{library.sessions.map((s) => <SessionRow key={s.id} session={s} library={library} onReplay={onReplay} />)}</ul>
      )}
    </section>
  );
}
