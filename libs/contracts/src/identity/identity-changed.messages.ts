/**
 * Published by a gateway replica on `prst.gateway.identity.changed.v1` after a user or an API
 * credential changed (terminated, role changed, password changed, revoked), so that every replica
 * drops its cached copy at once instead of waiting for the cache to expire.
 */
export interface IdentityChangedEvent {
  kind: 'user' | 'api_credential';
  id: string;
}
