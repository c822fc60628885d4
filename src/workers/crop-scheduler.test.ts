import { describe, expect, it } from 'vitest';
import { CropScheduler } from './crop-scheduler';

interface Crop {
  timestampMs: number;
}

/** A scheduler whose steps wait until released, with drains run one after another as the worker's queue does. */
function harness() {
  const ran: number[] = [];
  const waiting: (() => void)[] = [];
  let tail: Promise<void> = Promise.resolve();
  let holdSteps = false;
  const scheduler = new CropScheduler<Crop>({
    step: async (crop) => {
      ran.push(crop.timestampMs);
      if (holdSteps) await new Promise<void>((resolve) => waiting.push(resolve));
    },
    schedule: (drain) => {
      tail = tail.then(drain);
    },
    yieldToEvents: () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
  });
  const settle = async () => {
    for (let i = 0; i < 10; i++) {
      await tail;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  const until = async (done: () => boolean) => {
    for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(done()).toBe(true);
  };
  return {
    scheduler, ran, settle, until,
    hold: (on: boolean) => (holdSteps = on),
    releaseAll: () => waiting.splice(0).forEach((release) => release()),
  };
}

describe('CropScheduler', () => {
  it("'newest-wins' runs the newest crop after a step and drops the ones that came during it", async () => {
    const h = harness();
    h.hold(true);
    h.scheduler.offer({ timestampMs: 1 });
    await h.until(() => h.ran.length === 1);
    for (const t of [2, 3, 4]) h.scheduler.offer({ timestampMs: t });
    h.hold(false);
    h.releaseAll();
    await h.settle();
    expect(h.ran).toEqual([1, 4]);
  });

  it("'newest-wins' runs only the last of crops that arrive together", async () => {
    const h = harness();
    for (const t of [1, 2, 3]) h.scheduler.offer({ timestampMs: t });
    await h.settle();
    expect(h.ran).toEqual([3]);
  });

  it("'every-in-order' runs every crop in the order it came, even while a step runs", async () => {
    const h = harness();
    h.scheduler.setPolicy('every-in-order');
    h.hold(true);
    h.scheduler.offer({ timestampMs: 10 });
    await h.until(() => h.ran.length === 1);
    for (const t of [20, 30, 40]) h.scheduler.offer({ timestampMs: t });
    h.hold(false);
    h.releaseAll();
    await h.settle();
    expect(h.ran).toEqual([10, 20, 30, 40]);
  });

  it('reset drops the waiting crop and, live, every later crop of a frame before the reset time', async () => {
    const h = harness();
    h.hold(true);
    h.scheduler.offer({ timestampMs: 10 });
    await h.until(() => h.ran.length === 1);
    h.scheduler.offer({ timestampMs: 20 });
    h.scheduler.reset(100);
    h.scheduler.offer({ timestampMs: 50 });
    h.hold(false);
    h.releaseAll();
    await h.settle();
    h.scheduler.offer({ timestampMs: 99 });
    h.scheduler.offer({ timestampMs: 120 });
    await h.settle();
    expect(h.ran).toEqual([10, 120]);
  });

  it('reset in file order drops the crops not yet run', async () => {
    const h = harness();
    h.scheduler.setPolicy('every-in-order');
    h.hold(true);
    h.scheduler.offer({ timestampMs: 10 });
    await h.until(() => h.ran.length === 1);
    h.scheduler.offer({ timestampMs: 20 });
    h.scheduler.offer({ timestampMs: 30 });
    h.scheduler.reset(5000);
    h.scheduler.offer({ timestampMs: 5 }); // after a backward seek the file's times start again
    h.hold(false);
    h.releaseAll();
    await h.settle();
    expect(h.ran).toEqual([10, 5]);
  });
});
