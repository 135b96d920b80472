// Solve times of ALTCHA challenges in this browser with altcha-lib's own solver (v1, as the widget uses it), for the
// maxnumber of each proof-of-work level. Results are POSTed back to the serving script (measure.sh).
import { createChallenge, solveChallenge } from './node_modules/altcha-lib/dist/esm/v1/index.js';

const params = new URLSearchParams(location.search);
const base = Number(params.get('base') || 100000);
const rounds = Number(params.get('rounds') || 15);
const levels = [1, 2, 3, 4];
const results = { userAgent: navigator.userAgent, base, rounds, levels: [] };

async function timeOne(maxnumber, number) {
  const challenge = await createChallenge({ hmacKey: 'measure', maxnumber, number });
  const started = performance.now();
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber)
    .promise;
  const ms = performance.now() - started;
  if (!solution || solution.number !== number) throw new Error('not solved');
  return ms;
}

try {
  await timeOne(2000, 1000); // warm-up
  for (const level of levels) {
    const maxnumber = base * 2 ** (level - 1);
    // the worst case (the secret number is maxnumber) gives the hash rate; random numbers what a resident waits
    const worst = await timeOne(maxnumber, maxnumber);
    const times = [];
    for (let i = 0; i < rounds; i++) {
      times.push(await timeOne(maxnumber, Math.floor(Math.random() * (maxnumber + 1))));
    }
    times.sort((a, b) => a - b);
    results.levels.push({
      level, maxnumber, worstMs: Math.round(worst), hashesPerSecond: Math.round(maxnumber / worst * 1000),
      meanMs: Math.round(times.reduce((a, b) => a + b, 0) / times.length),
      medianMs: Math.round(times[Math.floor(times.length / 2)]), maxMs: Math.round(times[times.length - 1]),
    });
  }
} catch (e) {
  results.error = String(e);
}
await fetch('/result', { method: 'POST', body: JSON.stringify(results) });
