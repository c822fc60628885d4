import { describe, expect, it } from 'vitest';
import { FaceSearchPolicy } from './face-search';

function run(policy: FaceSearchPolicy, frames: number, facesSeen: number): boolean[] {
  const used: boolean[] = [];
  for (let i = 0; i < frames; i++) {
    const multi = policy.useMulti();
    used.push(multi);
    if (multi) policy.observeMulti(facesSeen);
  }
  return used;
}

describe('FaceSearchPolicy', () => {
  it('probes for several faces on the first frame, then once every probeEveryFrames frames while one face is seen', () => {
    const used = run(new FaceSearchPolicy({ probeEveryFrames: 10, settleFrames: 5 }), 40, 1);
    expect(used.filter(Boolean)).toHaveLength(4);
    expect(used.flatMap((multi, i) => (multi ? [i] : []))).toEqual([0, 10, 20, 30]);
  });

  it('stays on the several-face landmarker while two faces are seen, and settles back after', () => {
    const policy = new FaceSearchPolicy({ probeEveryFrames: 10, settleFrames: 5 });
    run(policy, 1, 2); // the probe on the first frame sees two people
    expect(run(policy, 20, 2).every(Boolean)).toBe(true);
    const after = run(policy, 5, 1);
    expect(after.every(Boolean)).toBe(true); // 5 calm frames still on multi
    expect(run(policy, 9, 1).some(Boolean)).toBe(false); // back to the fast tracker
  });

  it('probes sooner after the tracker loses the face', () => {
    const policy = new FaceSearchPolicy({ probeEveryFrames: 30, settleFrames: 5 });
    policy.useMulti();
    policy.observeSingleMiss();
    const used = run(policy, 6, 0);
    expect(used.indexOf(true)).toBeLessThanOrEqual(5);
  });
});
