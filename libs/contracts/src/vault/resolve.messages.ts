import { IsUUID } from 'class-validator';

/** `prst.vault.credential.resolve.v1`: only the prompt-executor may send it (NATS permissions). */
export class ResolveCredentialRequest {
  @IsUUID()
  credentialId: string;
}

export interface ResolveCredentialReply {
  id: string;
  /** The credential's display name (for messages; never secret). */
  name?: string;
  /** Plaintext slot values; they go to the prompt-executor only. */
  values: Record<string, string>;
  /** Changes whenever the values change, so caches can tell a stale copy. */
  updatedAt: string;
}
