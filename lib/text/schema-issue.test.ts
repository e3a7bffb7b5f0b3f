import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { firstIssueText } from './schema-issue';

describe('firstIssueText', () => {
  it('names the path of the first issue, or says none', () => {
    const schema = z.object({ turns: z.array(z.object({ question: z.string().max(3) })) });
    const refused = schema.safeParse({ turns: [{ question: 'long' }] });
    expect(!refused.success && firstIssueText(refused.error, 'invalid input')).toBe('turns.0.question: Too big: expected string to have <=3 characters');
    expect(firstIssueText(z.string().safeParse(1).error!, 'x')).toBe('Invalid input: expected string, received number');
    expect(firstIssueText({ issues: [] }, 'invalid input')).toBe('invalid input');
  });

  it('does not throw on a symbol in the path', () => {
    expect(firstIssueText({ issues: [{ path: [Symbol('k'), 2], message: 'bad' }] }, 'x')).toBe('Symbol(k).2: bad');
  });
});
