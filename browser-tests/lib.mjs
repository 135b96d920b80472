// What every browser harness of Samen shares: recording checks, axe-core with the WCAG 2.0/2.1/2.2 A and AA rules,
// steps that record a thrown error as a failed check, and the results file the JUnit test reads.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const AXE = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
export const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** A recorder of checks that writes {out}/results.json when finished. */
export function recorder(out) {
  mkdirSync(out, { recursive: true });
  const results = [];
  const measurements = {};

  function record(name, ok, details = {}) {
    results.push({ name, ok: Boolean(ok), ...details });
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : ` ${JSON.stringify(details).slice(0, 2000)}`}`);
  }

  async function axe(target, name) {
    await target.evaluate(AXE);
    const r = await target.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'] }), TAGS);
    const violations = r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
    record(`axe: ${name}`, violations.length === 0, { violations, rules: r.testEngine ? TAGS : undefined });
    return violations.length === 0;
  }

  async function step(name, fn) {
    try { await fn(); } catch (e) { record(name, false, { error: String(e && e.stack || e).slice(0, 1500) }); }
  }

  /** Writes the results file and returns the process exit code (1 when a check failed). */
  function finish() {
    const failed = results.filter((r) => !r.ok);
    writeFileSync(join(out, 'results.json'), JSON.stringify({ passed: results.length - failed.length,
      failed: failed.length, axeTags: TAGS, measurements, results }, null, 2));
    console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
    console.log(`measurements: ${JSON.stringify(measurements)}`);
    return failed.length ? 1 : 0;
  }

  return { results, measurements, record, axe, step, finish };
}
