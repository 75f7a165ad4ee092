/** Picks for the generators, which take a seeded `rand` so the same seed gives the same site. */
export type Random = () => number;

/** Cumulative weights and a binary search: picks among thousands of weighted choices in O(log n). */
export function weightedPicker<T>(items: readonly T[], weight: (item: T) => number): (rand: Random) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const item of items) {
    total += weight(item);
    cumulative.push(total);
  }
  return (rand) => {
    const r = rand() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((cumulative[mid] as number) > r) high = mid;
      else low = mid + 1;
    }
    return items[low] as T;
  };
}
