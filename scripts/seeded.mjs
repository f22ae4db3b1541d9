// A seeded random source for the generator scripts (mulberry32): the same seed gives the same
// files on every machine, so generated data and the measurements made on it can be reproduced.
export function seeded(start) {
  let seed = start;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    rand,
    pick: (list) => list[Math.floor(rand() * list.length)],
    int: (min, max) => min + Math.floor(rand() * (max - min + 1)),
  };
}
