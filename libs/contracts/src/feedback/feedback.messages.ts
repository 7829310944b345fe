import { Transform } from 'class-transformer';
import { IsIn, IsObject, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export const RATING_TYPES = ['like', 'dislike', 'stars'] as const;
export type RatingType = (typeof RATING_TYPES)[number];

export const MAX_COMMENT_LENGTH = 4000;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Version labels are text ("2", "2024-06-beta"); a number such as 2 is accepted as "2". */
const labelToString = ({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value);

/**
 * Query strings arrive as text. (class-transformer's @Type would need reflect-metadata loaded in every
 * importer of the contracts, including plain scripts, so the conversions are explicit.)
 */
const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;

/** `{"type": "like"}`, `{"type": "dislike"}` or `{"type": "stars", "value": 0..5}`. */
export class FeedbackRatingInput {
  @IsIn(RATING_TYPES)
  type: RatingType;

  /** Whole stars from 0 to 5; only with `type: "stars"` (the service checks the pairing). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5)
  value?: number;
}

/**
 * `prst.feedback.feedback.create.v1`: one feedback, in Prst.ai's field names. Every field is
 * optional here; the service applies the rule "at least one of prompt_id, prompt_id + prompt_version,
 * prompt_version_id (or a task_id that supplies them)" and "a rating or a comment".
 */
export class CreateFeedbackRequest {
  @IsOptional()
  @IsUUID()
  task_id?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  user_id?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  prompt_id?: string;

  @IsOptional()
  @Transform(labelToString)
  @IsString()
  @Length(1, 100)
  prompt_version?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  prompt_version_id?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  source?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Transform(({ value }) => (isPlainObject(value) ? Object.assign(new FeedbackRatingInput(), value) : value))
  rating?: FeedbackRatingInput;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_COMMENT_LENGTH)
  comment?: string;
}

/** `prst.feedback.feedback.list.v1`: filters (all optional, combined with AND) and a page. */
export class ListFeedbackRequest {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  prompt_id?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  prompt_version?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  prompt_version_id?: string;

  @IsOptional()
  @IsUUID()
  task_id?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  source?: string;

  /** The rating's type; `rating=none` finds comments without a rating. */
  @IsOptional()
  @IsIn([...RATING_TYPES, 'none'])
  rating?: RatingType | 'none';

  /** Exact number of stars (implies `rating=stars`). */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(5)
  stars?: number;

  /** Created at or after this instant (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Created before this instant (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  offset?: number;
}

/** `prst.feedback.summary.get.v1`: exactly one of the two. */
export class FeedbackSummaryRequest {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  prompt_id?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  prompt_version_id?: string;
}

export interface FeedbackRating {
  type: RatingType;
  value?: number;
}

export interface FeedbackSentiment {
  /** From -1 (very negative) to 1 (very positive). */
  score: number;
  label: 'positive' | 'neutral' | 'negative';
}

/** One stored feedback as the API answers it. */
export interface FeedbackRecord {
  id: string;
  task_id: string | null;
  user_id: string | null;
  prompt_id: string | null;
  prompt_version: string | null;
  prompt_version_id: string | null;
  source: string | null;
  rating: FeedbackRating | null;
  comment: string | null;
  /** Null when there is no comment. */
  sentiment: FeedbackSentiment | null;
  created_at: string;
}

export interface FeedbackPage {
  items: FeedbackRecord[];
  total: number;
  limit: number;
  offset: number;
}

/** The aggregate of one prompt version's feedback (see the feedback README for the formula). */
export interface FeedbackVersionStats {
  prompt_id: string | null;
  prompt_version: string | null;
  prompt_version_id: string | null;
  feedback_count: number;
  rated_count: number;
  likes: number;
  dislikes: number;
  stars_count: number;
  average_stars: number | null;
  /** Mean of the ratings mapped to 0..1 (like 1, dislike 0, stars value/5). */
  positive_share: number | null;
  /** Wilson score lower bound (95 %) of positive_share over rated_count. */
  wilson_lower_bound: number;
  comment_count: number;
  average_sentiment: number | null;
  ranking_score: number;
}

export interface PromptFeedbackSummary {
  prompt_id: string;
  /** Best ranking_score first. */
  versions: FeedbackVersionStats[];
  /** Feedback that names the prompt but no version; not ranked. */
  unversioned: FeedbackVersionStats | null;
}
