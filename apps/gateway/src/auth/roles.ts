import type { Role } from '@prst/contracts';

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export const ROLES: readonly Role[] = ['admin', 'editor', 'viewer'];

/** Whether `role` grants no more than `ceiling`. */
export function roleWithin(role: Role, ceiling: Role): boolean {
  return RANK[role] <= RANK[ceiling];
}

/** The lesser of two roles (an API credential never acts above its creator's current role). */
export function lesserRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}
