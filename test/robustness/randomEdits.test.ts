/**
 * Issue 11: the random-edit property over the bundled server, 5,000 steps (100,000 in
 * `npm run bench`). After every batch of edits the server's outline, semantic tokens and
 * diagnostics equal those of a server given the same text whole, and every position in them
 * lies inside the text. See test/support/randomEdits.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runRandomEdits } from '../support/randomEdits';
import { SERVER_MEMORY_GUARD_KB } from './support';

describe('issue 11: random incremental edits', () => {
  test('5,000 random edits: the answers equal a fresh analysis of the same text, no position out of range', async () => {
    const run = await runRandomEdits({
      seed: 11,
      steps: 5000,
      batch: 100,
      stopAtFailure: true,
      addressSpaceKB: SERVER_MEMORY_GUARD_KB,
    });
    console.log(
      `random edits: ${run.steps} steps (${run.changes} changes), ${run.batches} comparisons, ` +
        `texts up to ${run.largestText} characters, in ${(run.milliseconds / 1000).toFixed(1)} s`,
    );
    assert.equal(run.steps, 5000);
    assert.deepEqual(run.failures, []);
  });
});
