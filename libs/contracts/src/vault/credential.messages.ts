import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { IsSlotValues } from './slot-values.validator.js';

/** Body of `POST /api/v1/credentials`. */
export class CreateCredentialBody {
  @IsString()
  @Length(1, 200)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Slot name → secret value, for example `{"apiKey": "sk-…"}`. */
  @IsSlotValues()
  values: Record<string, string>;
}

/** Body of `PUT /api/v1/credentials/:id`: replaces every value; name and description when given. */
export class UpdateCredentialBody {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @IsSlotValues()
  values: Record<string, string>;
}

/** `prst.vault.credential.create.v1` (gateway only). */
export class CreateCredentialRequest extends CreateCredentialBody {}

/** `prst.vault.credential.update.v1` (gateway only). */
export class UpdateCredentialRequest extends UpdateCredentialBody {
  @IsUUID()
  id: string;
}

/** `prst.vault.credential.get.v1` and `.delete.v1` (gateway only). */
export class CredentialIdRequest {
  @IsUUID()
  id: string;
}

// Query strings arrive as text. (Not @Type: it needs reflect-metadata loaded, and contracts must not.)
const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && value !== '' ? Number(value) : value);

/** Query of `GET /api/v1/credentials` and `prst.vault.credential.list.v1`. */
export class ListCredentialsRequest {
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  offset?: number;
}

/** A credential as anyone but the prompt-executor sees it: every value masked (`••••abcd`). */
export interface CredentialView {
  id: string;
  name: string;
  description: string | null;
  slots: Record<string, string>;
  keyVersion: number;
  createdAt: string;
  updatedAt: string;
}

export interface CredentialList {
  items: CredentialView[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * Payload of the event `prst.vault.credential.changed.v1`: plain JSON `{"id", "change"}` (core NATS
 * publish, caller context in the headers). Nest's deserializer also hands it to `@EventPattern`.
 */
export interface CredentialChangedEvent {
  id: string;
  change: 'updated' | 'deleted' | 'rotated';
}
