import { useCanvas } from '../components/use-canvas';

interface CanvasLaneProps {
  /** data-lane, e.g. "model-va", "va:Ann" */
  lane: string;
  /** the canvas's text alternative */
  ariaLabel: string;
  /** CSS class setting the lane's height */
  className: string;
  draw(ctx: CanvasRenderingContext2D, widthPx: number, heightPx: number): void;
  /** redraw when any of these change (the lane's width and the view among them) */
  deps: unknown[];
  /** frames with a value, for tests and the curious */
  frames?: number;
}

/** One canvas lane of the session timeline, as wide as the lane column. */
export function CanvasLane({ lane, ariaLabel, className, draw, deps, frames }: CanvasLaneProps) {
  const ref = useCanvas(draw, deps);
  return <canvas ref={ref} className={`tl-canvas ${className}`} role="img" aria-label={ariaLabel} data-testid="timeline-lane" data-lane={lane} data-frames={frames} />;
}
