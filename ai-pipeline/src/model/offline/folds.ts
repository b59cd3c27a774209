import { seededRandom } from '../../util/random.js';

/**
 * Grouped, stratified k-fold assignment: items with the same group key (e.g. an exact-duplicate body) always share
 * a fold, and each label is spread evenly over the folds. Deterministic for a given seed.
 */
export function groupedFolds<T>(
  items: readonly T[],
  k: number,
  groupOf: (item: T) => string,
  labelOf: (item: T) => string,
  seed = 1,
): number[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`folds must be an integer ≥ 2, got ${k}`);
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = groupOf(item);
    const list = groups.get(key) ?? [];
    list.push(i);
    groups.set(key, list);
  });
  const random = seededRandom(seed);
  const ordered = [...groups.values()]
    .map((members) => ({ members, label: labelOf(items[members[0] as number] as T), tie: random() }))
    .sort((a, b) => (a.label === b.label ? a.tie - b.tie : a.label < b.label ? -1 : 1));
  const fold = new Array<number>(items.length).fill(0);
  const sizes = new Array<number>(k).fill(0);
  let next = 0;
  for (const group of ordered) {
    // Round-robin within each label; a large group goes to the currently smallest fold.
    let target = next % k;
    if (group.members.length > 1) target = sizes.indexOf(Math.min(...sizes));
    for (const i of group.members) fold[i] = target;
    sizes[target] = (sizes[target] ?? 0) + group.members.length;
    next += 1;
  }
  return fold;
}
