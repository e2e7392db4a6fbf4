import { assignRecipient, cohortPoint } from '../../domain/campaign/assignment';

const variants = [
  { name: 'A', weight: 3 },
  { name: 'B', weight: 1 },
];

describe('campaign cohort assignment', () => {
  it('is stable for a customer and campaign, and independent across campaigns', () => {
    expect(assignRecipient('spring', 'c-1', 0.1, variants)).toEqual(assignRecipient('spring', 'c-1', 0.1, variants));
    const points = Array.from({ length: 200 }, (_, i) => [cohortPoint('a', `c-${i}`), cohortPoint('b', `c-${i}`)]);
    const same = points.filter(([a, b]) => Math.abs((a ?? 0) - (b ?? 0)) < 0.01).length;
    expect(same).toBeLessThan(10);
    for (const [a] of points) {
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThan(1);
    }
  });

  it('holds out the share asked for and splits the rest by weight', () => {
    const n = 20_000;
    const cohorts = Array.from({ length: n }, (_, i) => assignRecipient('summer', `c-${i}`, 0.2, variants));
    const held = cohorts.filter((c) => c.holdout).length;
    expect(Math.abs(held / n - 0.2)).toBeLessThan(0.01);
    const messaged = cohorts.filter((c) => !c.holdout);
    const a = messaged.filter((c) => !c.holdout && c.variant === 'A').length;
    expect(Math.abs(a / messaged.length - 0.75)).toBeLessThan(0.01);
  });

  it('changing the hold-out share moves only customers at the boundary', () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `c-${i}`);
    const before = ids.filter((id) => assignRecipient('x', id, 0.1, variants).holdout);
    const after = new Set(ids.filter((id) => assignRecipient('x', id, 0.2, variants).holdout));
    for (const id of before) expect(after.has(id)).toBe(true);
  });

  it('a zero hold-out keeps everyone; one variant takes all', () => {
    const cohorts = Array.from({ length: 1_000 }, (_, i) =>
      assignRecipient('y', `c-${i}`, 0, [{ name: 'only', weight: 1 }]),
    );
    expect(cohorts.every((c) => !c.holdout && c.variant === 'only')).toBe(true);
  });
});
