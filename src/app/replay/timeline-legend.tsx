import { EXPRESSIONS } from '../../core/labels';
import { AROUSAL_COLOUR, expressionColour, heatColour, VALENCE_COLOUR } from './timeline-colours';

/** What the timeline's colours mean. */
export function TimelineLegend() {
  return (
    <div className="tl-legend small muted" data-testid="timeline-legend">
      <span><i className="tl-swatch line" style={{ background: VALENCE_COLOUR }} />valence</span>
      <span><i className="tl-swatch line" style={{ background: AROUSAL_COLOUR }} />arousal (annotators dashed)</span>
      {EXPRESSIONS.map((name, label) => (
        <span key={name}><i className="tl-swatch" style={{ background: expressionColour(label) }} />{name}</span>
      ))}
      <span><i className="tl-swatch heat" style={{ background: `linear-gradient(90deg, ${heatColour(0)}, ${heatColour(0.5)}, ${heatColour(1)})` }} />P(AU) 0 → 1</span>
      <span><i className="tl-swatch" style={{ background: 'rgba(138, 147, 166, 0.35)' }} />no face · blank: not analysed / not rated</span>
    </div>
  );
}
