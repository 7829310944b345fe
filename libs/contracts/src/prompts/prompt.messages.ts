import { NestedType, NumberFromText } from '../nested.js';
import {
  Allow,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export const PARAMETER_TYPES = ['string', 'number', 'boolean', 'enum', 'json'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export const VERSION_STATUSES = ['draft', 'published', 'archived'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** Names usable as `{{name}}` in a prompt body and as `{{parameters.name}}` in a connector. */
export const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Version labels and label names: short, URL-safe. */
export const LABEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class ParameterDefinition {
  @Matches(PARAMETER_NAME, { message: 'name must start with a letter or _ and contain only letters, digits and _' })
  name: string;

  @IsIn(PARAMETER_TYPES)
  type: ParameterType;

  @IsOptional()
  @IsBoolean()
  required?: boolean;

  /** Any JSON value; checked against `type` by the service. */
  @Allow()
  default?: unknown;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsString({ each: true })
  enumValues?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export class ConnectorRef {
  @IsUUID()
  id: string;

  @IsString()
  @Matches(LABEL_PATTERN)
  version: string;
}

export class CreatePromptRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

export class PromptIdRequest {
  @IsUUID()
  id: string;
}

export class UpdatePromptRequest {
  @IsUUID()
  id: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

export class ListRequest {
  @IsOptional()
  @NumberFromText()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @NumberFromText()
  @IsInt()
  @Min(0)
  offset?: number;
}

export class ListPromptsRequest extends ListRequest {
  @IsOptional()
  @IsIn(['active', 'archived'])
  status?: 'active' | 'archived';
}

/** The body of a new prompt version; `version` counts up ("1", "2", …) when omitted. */
export class VersionInput {
  @IsOptional()
  @IsString()
  @Matches(LABEL_PATTERN, { message: 'version must be 1–64 letters, digits, ".", "_" or "-"' })
  version?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100000)
  body: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @NestedType(ParameterDefinition)
  parameters?: ParameterDefinition[];

  @IsOptional()
  @ValidateNested()
  @NestedType(ConnectorRef)
  connector?: ConnectorRef;

  @IsOptional()
  @IsUUID()
  credentialId?: string;

  @IsOptional()
  @IsObject()
  proxyParameters?: Record<string, unknown>;

  @IsOptional()
  @IsIn(['draft', 'published'])
  status?: 'draft' | 'published';
}

export class CreateVersionRequest extends VersionInput {
  @IsUUID()
  promptId: string;
}

export class VersionRefRequest {
  @IsUUID()
  promptId: string;

  @IsString()
  @IsNotEmpty()
  version: string;
}

export class SetVersionStatusRequest extends VersionRefRequest {
  @IsIn(VERSION_STATUSES)
  status: VersionStatus;
}

export class SetLabelRequest {
  @IsUUID()
  promptId: string;

  @Matches(LABEL_PATTERN, { message: 'label must be 1–64 letters, digits, ".", "_" or "-"' })
  label: string;

  @IsString()
  @IsNotEmpty()
  version: string;
}

/**
 * `POST /prompts/markup`: one text declares the prompt and its parameters inline:
 * `{{name}}` (required string), `{{name:type}}`, `{{name:type=default}}` (optional, with default),
 * `{{name?:type}}` (optional without default), `{{tone:enum(formal,casual)=formal}}`;
 * types are string, number, boolean, enum(...) and json. The stored body keeps only `{{name}}`.
 */
export class CreatePromptFromMarkupRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100000)
  markup: string;

  @IsOptional()
  @ValidateNested()
  @NestedType(ConnectorRef)
  connector?: ConnectorRef;

  @IsOptional()
  @IsUUID()
  credentialId?: string;

  @IsOptional()
  @IsObject()
  proxyParameters?: Record<string, unknown>;

  @IsOptional()
  @IsIn(['draft', 'published'])
  status?: 'draft' | 'published';
}

export interface ParameterView {
  name: string;
  type: ParameterType;
  required: boolean;
  default?: unknown;
  enumValues?: string[];
  description?: string;
}

export interface PromptView {
  id: string;
  name: string;
  description: string | null;
  status: 'active' | 'archived';
  labels: Record<string, string>;
  latestVersion: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PromptVersionView {
  id: string;
  promptId: string;
  version: string;
  body: string;
  parameters: ParameterView[];
  connector: { id: string; version: string } | null;
  credentialId: string | null;
  proxyParameters: Record<string, unknown>;
  status: VersionStatus;
  labels: string[];
  createdBy: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
