/** What /admin shows (lib/access/server/admin-service.ts builds it; the admin panel renders it). Browser-safe. */

export interface InvitationView {
  id: string;
  email: string;
  expiresAt: string;
  expired: boolean;
  createdAt: string;
}

export interface AdminState {
  mode: 'password' | 'oidc';
  /** Pending invitations (used ones are gone: an invitation is deleted when it is used). */
  invitations: InvitationView[];
  /** AUTH_SIGNUP_DOMAINS: shown, not removable here. */
  floorDomains: string[];
  /** Domains administrators added. */
  addedDomains: string[];
}
