import { describe, expect, it } from 'vitest';
import { signupRefusal } from './signup-policy';

const base = { method: 'email-password', email: 'ana@team.example', existingUsers: 3, domains: ['team.example'] };

describe('who may create an account', () => {
  it('password: the first account always; later ones only from AUTH_SIGNUP_DOMAINS', () => {
    expect(signupRefusal({ ...base, mode: 'password', existingUsers: 0, email: 'x@anywhere.example', domains: [] })).toBeNull();
    expect(signupRefusal({ ...base, mode: 'password' })).toBeNull();
    expect(signupRefusal({ ...base, mode: 'password', email: 'ANA@Team.Example' })).toBeNull();
    expect(signupRefusal({ ...base, mode: 'password', email: 'x@other.example' })).toMatch(/team\.example only/);
    // A look-alike domain is not the domain.
    expect(signupRefusal({ ...base, mode: 'password', email: 'x@evilteam.example' })).not.toBeNull();
    expect(signupRefusal({ ...base, mode: 'password', email: 'x@team.example@other.example' })).not.toBeNull();
    expect(signupRefusal({ ...base, mode: 'password', domains: [] })).toMatch(/closed/);
  });

  it('password: never through another method; oidc: only through the provider', () => {
    expect(signupRefusal({ ...base, mode: 'password', method: 'oauth' })).not.toBeNull();
    expect(signupRefusal({ ...base, mode: 'oidc' })).not.toBeNull();
    expect(signupRefusal({ ...base, mode: 'oidc', method: 'oauth', domains: [] })).toBeNull();
    expect(signupRefusal({ ...base, mode: 'oidc', method: 'oauth', email: 'x@other.example' })).toMatch(/team\.example only/);
    expect(signupRefusal({ ...base, mode: 'none' })).not.toBeNull();
  });
});
