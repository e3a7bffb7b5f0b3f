import { describe, expect, it } from 'vitest';
import { offlineAnswer } from './offline-answer';

describe('offline answer', () => {
  it('repeats the planner’s notes (how it read the question, what it did instead) as caveats, not findings', () => {
    const outputs = [
      'stdout:',
      'Note: Not what was asked: no column matches "2005"; this counts the missing values of every column.',
      'Note: Read "investment" as the column "invest".',
      'Missing cells: 12 of 400',
    ].join('\n');
    const text = offlineAnswer({ request: { question: 'missing in 2005?', code: '', outputs, figures: 0, status: 'ok' } });
    const [findings = '', caveats = ''] = text.split('### Caveats');
    expect(caveats).toContain('- Not what was asked: no column matches "2005"');
    expect(caveats).toContain('- Read "investment" as the column "invest".');
    expect(findings).not.toContain('Not what was asked');
    expect(findings).toContain('**Missing cells:** 12 of 400');
  });
});
