import { Injectable } from '@nestjs/common';
import winkSentiment from 'wink-sentiment';
import type { FeedbackSentiment } from '@prst/contracts';

/** Below this magnitude a comment counts as neutral. */
const NEUTRAL_BAND = 0.05;

/**
 * Sentiment of a comment, computed in-process with wink-sentiment (AFINN word list with negation,
 * emoji and emoticon handling; English). Its normalizedScore is the mean AFINN score of the
 * comment's words, −5..5; we divide by 5 so the stored score is −1..1.
 */
@Injectable()
export class SentimentAnalyzer {
  analyze(text: string): FeedbackSentiment {
    const raw = winkSentiment(text).normalizedScore;
    const score = Math.max(-1, Math.min(1, Number.isFinite(raw) ? raw / 5 : 0));
    return { score, label: labelOf(score) };
  }
}

export function labelOf(score: number): FeedbackSentiment['label'] {
  if (score > NEUTRAL_BAND) return 'positive';
  if (score < -NEUTRAL_BAND) return 'negative';
  return 'neutral';
}
