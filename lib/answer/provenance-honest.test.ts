/** Issue 9, part 5: provenance never reports a number as found when only an ordinal, a rank or the question held it. */
import { describe, expect, it } from 'vitest';
import { provenanceSummary } from '@/lib/answer/client/provenance-summary';
import { matchNumbers, provenanceOutputsFromRun } from './provenance';
import type { ProvenanceOutputs } from './provenance-outputs';

function statusOf({ markdown, outputs, text }: { markdown: string; outputs: ProvenanceOutputs; text: string }): string {
  const span = matchNumbers({ markdown, outputs }).find((candidate) => candidate.text === text);
  return span ? span.status : 'not checked';
}

describe('ordinals and ranks are not sources', () => {
  it('"5.0" is not found because a printed list item starts with "5."', () => {
    const outputs: ProvenanceOutputs = { stdout: '4. Texas: 12.7\n5. Louisiana: 11.9\n' };
    expect(statusOf({ markdown: 'The rate is 5.0 per 100,000.', outputs, text: '5.0' })).toBe('unmatched');
    // The values on those lines are still found.
    expect(statusOf({ markdown: 'Louisiana has 11.9.', outputs, text: '11.9' })).toBe('matched');
  });

  it('a "2)" ordinal in the result text is no source either', () => {
    const outputs: ProvenanceOutputs = { resultText: '1) North\n2) South' };
    expect(statusOf({ markdown: 'South grew by 2 points.', outputs, text: '2' })).toBe('unmatched');
  });

  it('cells of a rank column are not values', () => {
    const outputs: ProvenanceOutputs = {
      tables: [
        {
          columns: ['rank', 'state', 'murder'],
          rows: [
            [1, 'Louisiana', 14.2],
            [2, 'Mississippi', 8.6],
            [3, 'Alabama', 7.1],
          ],
        },
      ],
    };
    expect(statusOf({ markdown: 'Murder fell by 3 points.', outputs, text: '3' })).toBe('unmatched');
    expect(statusOf({ markdown: 'Alabama: 7.1.', outputs, text: '7.1' })).toBe('matched');
  });

  it('a number that only exists as a list marker of the answer itself is not checked', () => {
    const spans = matchNumbers({ markdown: '1. North leads\n2. South follows', outputs: { stdout: '1\n2\n' } });
    expect(spans).toEqual([]);
  });
});

describe('the question’s numbers are parameters, not findings', () => {
  const outputs = provenanceOutputsFromRun({
    question: 'Which 5 states have the highest murder rate among states with urban above 60?',
    result: { stdout: 'Rows where urban > 60: 31\nTop 5:\nLouisiana 14.2\n', result: null },
  });

  it('restating them is neither matched nor flagged', () => {
    expect(statusOf({ markdown: 'The 5 states with urban above 60 are led by Louisiana.', outputs, text: '5' })).toBe('not checked');
    expect(statusOf({ markdown: 'The 5 states with urban above 60 are led by Louisiana.', outputs, text: '60' })).toBe('not checked');
  });

  it('an output that echoes them is no source for another number', () => {
    expect(statusOf({ markdown: 'The rate is 5.0 in the fifth state.', outputs, text: '5.0' })).toBe('unmatched');
    expect(statusOf({ markdown: '31 states qualify; Louisiana has 14.2.', outputs, text: '31' })).toBe('matched');
    expect(statusOf({ markdown: '31 states qualify; Louisiana has 14.2.', outputs, text: '14.2' })).toBe('matched');
  });

  it('without the question, the same numbers are checked as before', () => {
    const plain = provenanceOutputsFromRun({ result: { stdout: 'Top 5:\n', result: null } });
    expect(statusOf({ markdown: 'The top 5 states.', outputs: plain, text: '5' })).toBe('matched');
  });
});

describe('the sentence under the answer', () => {
  it('says there is nothing to check when the answer has no numbers', () => {
    expect(provenanceSummary({ total: 0, unmatched: 0 })).toBe('This answer states no numbers to check against the outputs.');
    expect(provenanceSummary({ total: 0, unmatched: 0 })).not.toContain('Every number');
  });

  it('says every number was found only when there were numbers and all were found', () => {
    expect(provenanceSummary({ total: 3, unmatched: 0 })).toContain('Every number in this answer was found');
    expect(provenanceSummary({ total: 3, unmatched: 1 })).toContain('1 of 3 number(s)');
  });
});
