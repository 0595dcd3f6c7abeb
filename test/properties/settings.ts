/**
 * One seed and run count for every property and fuzz test. CI runs the fixed seed with few runs;
 * `npm run fuzz` sets FUZZ_RUNS high and FUZZ_SEED=random, and the seed is printed so a failure can be replayed.
 */
// They live in test/properties/ rather than beside the code: they share these settings and generators, the
// database ones need test/support, and `npm run fuzz` finds them all with one glob.
import fc from 'fast-check';

const DEFAULT_SEED = 20_180_523;

function seedFromEnv(): number {
  const raw = process.env.FUZZ_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  if (raw === 'random') {
    const seed = Math.floor(Math.random() * 2 ** 31);
    // Each test file runs in its own process and draws its own seed: name the file with it.
    console.log(`fuzz seed ${seed} for ${process.argv[1] ?? 'this file'}: replay with FUZZ_SEED=${seed}`);
    return seed;
  }
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer or "random", got ${raw}`);
  return seed;
}

export const seed = seedFromEnv();

/** FUZZ_RUNS when set (the long run), else the count given: what keeps the suite fast. */
export function runs(ciRuns: number): number {
  const raw = process.env.FUZZ_RUNS;
  if (raw === undefined || raw === '') return ciRuns;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`FUZZ_RUNS must be a positive integer, got ${raw}`);
  return n;
}

/** fast-check parameters: the shared seed, and `ciRuns` runs unless FUZZ_RUNS says otherwise. */
export function params(ciRuns = 300): fc.Parameters<unknown> {
  // The assertion message names the request or value: shown with the counterexample, it needs no replay to read.
  return { seed, numRuns: runs(ciRuns), includeErrorInReport: true };
}
