import { useState } from 'react';
import type { SessionSummary } from '../../io/session-store/schema';
import { formatBytes, formatDurationMs } from './format';
import type { SessionLibrary } from './useSessionLibrary';

function SessionRow({ session, library, onReplay }: { session: SessionSummary; library: SessionLibrary; onReplay: (id: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(session.name);
  return (
    <li className="session" data-testid="session-row" data-session-id={session.id} data-state={session.state} data-mime-type={session.mimeType}>
      {editing ? (
        <form onSubmit={(e) => { e.preventDefault(); setEditing(false); void library.rename(session.id, name); }}>
          <input value={name} onChange={(e) => setName(e.target.value)} aria-label="session name" data-testid="session-name-input" autoFocus />
          <button type="submit">Save</button>
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
  onImport: (file: File) => void;
}

export function LibraryPanel({ library, onReplay, onImport }: LibraryPanelProps) {
  const { usage } = library;
  return (
    <section className="panel library" data-testid="library">
      <h2>Sessions</h2>
      {library.error && <p className="message error" data-testid="library-error">{library.error}</p>}
      {library.recovered.length > 0 && (
        <p className="message info" data-testid="library-recovered">
          Recovered {library.recovered.length} interrupted recording(s), saved up to their last second.
        </p>
      )}
      {usage && (
        <div className="muted small" data-testid="storage-usage">
          {formatBytes(usage.usedBytes)} used · {formatBytes(Math.max(0, usage.quotaBytes - usage.usedBytes))} left
        </div>
      )}
      <label className="import small">
        Import a session (.zip){' '}
        <input
          type="file" accept=".zip,application/zip" data-testid="session-import"
          onChange={(e) => { const file = e.target.files?.[0]; e.target.value = ''; if (file) onImport(file); }}
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
