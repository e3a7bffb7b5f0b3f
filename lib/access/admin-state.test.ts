import { describe, expect, it } from 'vitest';
import { readActionResult } from '@/lib/core/action-result';
import { itRefusesForgedAnswers, type ForgedAnswer } from '@/lib/core/test-support/forged-answers';
import { adminActionResults } from './admin-state';

const invitation = { id: 'i1', email: 'bob@elsewhere.example', expiresAt: '2030-01-01T00:00:00.000Z', expired: false, createdAt: '2026-12-01T00:00:00.000Z' };

/** One forged answer per admin action and what the page says of it. */
const FORGED: Record<keyof typeof adminActionResults, ForgedAnswer> = {
  loadAdminState: {
    forged: { ok: true, state: { mode: 'none', invitations: [], floorDomains: [], addedDomains: [] } },
    detail: 'state.mode: Invalid option: expected one of "password"|"oidc"',
  },
  inviteByEmail: { forged: { ok: true, invitation }, detail: 'link: Invalid input: expected string, received undefined' },
  withdrawInvite: {
    forged: { ok: false, message: 'No.', retryable: false },
    detail: 'code: Invalid option: expected one of "forbidden"|"not_found"|"invalid_input"|"conflict"|"too_large"|"storage"|"unauthenticated"',
  },
  allowDomain: { forged: 'OK', detail: 'Invalid input: expected object, received string' },
  disallowDomain: {
    forged: { ok: false, code: 'forbidden', message: 'No.', retryable: 'no' },
    detail: 'retryable: Invalid input: expected boolean, received string',
  },
};

describe('adminActionResults as the page reads them', () => {
  itRefusesForgedAnswers({ schemas: adminActionResults, forged: FORGED });

  it('an invitation list with a forged entry is refused whole', () => {
    const state = { mode: 'password', invitations: [invitation, { ...invitation, expired: 'no' }], floorDomains: ['team.example'], addedDomains: [] };
    expect(
      readActionResult({ action: 'Loading the administration page', schema: adminActionResults.loadAdminState, result: { ok: true, state } }),
    ).toMatchObject({
      code: 'malformed_response',
      message: expect.stringContaining('(state.invitations.1.expired: Invalid input: expected boolean, received string)'),
    });
  });
});
