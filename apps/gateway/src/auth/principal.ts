import type { Role } from '@prst/contracts';

/** Who is calling, as established by the guard. */
export interface Principal {
  type: 'user' | 'api_credential';
  id: string;
  role: Role;
  /** For an API credential: its creator. */
  userId: string;
  /** For an API credential created with a subset of permissions. */
  permissions: readonly string[] | null;
  mustChangePassword: boolean;
}
