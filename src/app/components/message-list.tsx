import type { UiMessage } from '../pipeline/messages';

export function MessageList({ messages, onRetry }: { messages: UiMessage[]; onRetry: () => void }) {
  if (messages.length === 0) return null;
  return (
    <ul className="messages" aria-live="polite">
      {messages.map((m) => (
        <li key={m.slot} className={`message ${m.severity}`} data-testid={`message-${m.code}`} data-code={m.code}>
          {m.text}
          {(m.slot === 'camera' || m.slot === 'microphone') && <button onClick={onRetry}>Retry</button>}
        </li>
      ))}
    </ul>
  );
}
