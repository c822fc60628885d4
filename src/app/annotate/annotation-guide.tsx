import { ACTION_UNIT_NAMES, ACTION_UNITS, EXPRESSIONS, type ActionUnit, type Expression } from '../../core/labels';

/** What a rater looks for, one line per AU (after Ekman, Friesen & Hager 2002, FACS manual). */
const AU_DESCRIPTIONS: Record<ActionUnit, string> = {
  AU1: 'the inner ends of the eyebrows are pulled up; the middle of the forehead wrinkles',
  AU2: 'the outer ends of the eyebrows are pulled up, arching them; the sides of the forehead wrinkle',
  AU4: 'the eyebrows are pulled down and together; vertical furrows between them',
  AU6: 'the cheeks are lifted and the skin around the eyes bunches (crow\'s feet), as in a real smile',
  AU12: 'the lip corners are pulled up and back, obliquely (a smile)',
  AU15: 'the lip corners are pulled down',
  AU20: 'the lips are stretched sideways, flattening the mouth',
  AU25: 'the lips part; the teeth or the inside of the mouth may show',
};

/** The seven ABAW expression classes (Kollias & Zafeiriou 2019), in words a rater can apply. */
const EXPRESSION_DESCRIPTIONS: Record<Expression, string> = {
  Neutral: 'no expression: the face at rest (a face that shows none of the six below)',
  Anger: 'brows lowered and drawn together, eyes glaring, lips pressed or squared',
  Disgust: 'nose wrinkled, upper lip raised',
  Fear: 'brows raised and drawn together, upper eyelids raised, lips stretched back',
  Happiness: 'lip corners up, cheeks raised (AU6 + AU12)',
  Sadness: 'inner brows raised, lip corners down',
  Surprise: 'brows raised high, eyes wide, jaw dropped (brief)',
};

/**
 * The annotation guide, where the rating is done: what valence and arousal mean, each AU with its
 * FACS name and what to look for, and the seven expressions.
 */
export function AnnotationGuide() {
  return (
    <details className="annotate-guide" data-testid="annotation-guide">
      <summary>Annotation guide</summary>
      <h3>Valence and arousal</h3>
      <dl>
        <dt>Valence (horizontal, −1 … +1)</dt>
        <dd>How positive or negative the person appears to feel: −1 very negative (distressed, sad, angry), 0 neutral, +1 very positive (happy, pleased).</dd>
        <dt>Arousal (vertical, −1 … +1)</dt>
        <dd>How activated or excited they appear, whatever the sign of the feeling: −1 very calm or sleepy, 0 neither, +1 very excited or alert (alarmed, elated).</dd>
      </dl>
      <p className="muted small">
        Rate what the face (and voice) shows, moment by moment, not what you think the person should feel. Keep the cursor
        moving with the person; the rating is sampled 10 times a second while the video plays.
      </p>
      <h3>Action units (FACS)</h3>
      <p className="muted small">Mark an AU present while the movement is visible, at any intensity; press its button again when it ends.</p>
      <dl data-testid="guide-aus">
        {ACTION_UNITS.map((au) => (
          <div key={au}>
            <dt>{au} · {ACTION_UNIT_NAMES[au]}</dt>
            <dd>{AU_DESCRIPTIONS[au]}</dd>
          </div>
        ))}
      </dl>
      <h3>Expressions</h3>
      <p className="muted small">One label at a time: press a class when it starts, End (or another class) when it ends.</p>
      <h3>Several people</h3>
      <p className="muted small">
        In a session with several people, annotate one person at a time: pick them with the face buttons above the
        replay (their box on the video is drawn thicker). Each person has their own tracks; rate the same stretch again
        for the other person.
      </p>
      <dl data-testid="guide-expressions">
        {EXPRESSIONS.map((name) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{EXPRESSION_DESCRIPTIONS[name]}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
