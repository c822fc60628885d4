import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { moveByStick, VA_ORIGIN, validateStickOptions, type StickOptions, type VaPoint } from '../../core/annotation';
import { readLeftStick } from './gamepad';

export interface VaCursor {
  /** the newest position, read by the sampler without waiting for a render */
  ref: RefObject<VaPoint>;
  /** the same position as state, for drawing */
  point: VaPoint;
  set(point: VaPoint): void;
}

/** The rating cursor: set by the pointer, moved by a gamepad's left stick (polled every animation frame). */
export function useVaCursor(stickOptions: Partial<StickOptions> = {}): VaCursor {
  const ref = useRef<VaPoint>(VA_ORIGIN);
  const [point, setPoint] = useState<VaPoint>(VA_ORIGIN);
  const set = useCallback((next: VaPoint) => {
    ref.current = next;
    setPoint(next);
  }, []);
  const { deadzone, speedPerSecond } = stickOptions;

  useEffect(() => {
    const options = validateStickOptions({ deadzone, speedPerSecond });
    let frame = 0;
    let lastMs = performance.now();
    const poll = (nowMs: number) => {
      const axes = readLeftStick();
      if (axes) {
        const next = moveByStick(ref.current, axes, nowMs - lastMs, options);
        if (next !== ref.current) set(next);
      }
      lastMs = nowMs;
      frame = requestAnimationFrame(poll);
    };
    frame = requestAnimationFrame(poll);
    return () => cancelAnimationFrame(frame);
  }, [deadzone, speedPerSecond, set]);

  return { ref, point, set };
}
