import type { Role } from '@prst/contracts';
import type { UserEntity } from '../user.entity.js';

/** A user as the API shows it: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  role: Role;
  status: 'active' | 'terminated';
  isRoot: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  updatedAt: string;
  terminatedAt: string | null;
}

export function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    status: user.status,
    isRoot: user.isRoot,
    mustChangePassword: user.mustChangePassword,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    terminatedAt: user.terminatedAt?.toISOString() ?? null,
  };
}
