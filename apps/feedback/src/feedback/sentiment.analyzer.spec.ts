import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SentimentAnalyzer } from './sentiment.analyzer.js';

describe('SentimentAnalyzer', () => {
  const analyzer = new SentimentAnalyzer();

  describe('analyze', () => {
    it('scores praise positive and complaints negative, within -1..1', () => {
      const praise = analyzer.analyze('Excellent answer, thank you!');
      const complaint = analyzer.analyze('Awful. Completely wrong and useless.');
      assert.equal(praise.label, 'positive');
      assert.equal(complaint.label, 'negative');
      assert.ok(praise.score <= 1 && complaint.score >= -1);
    });

    it('handles negation and neutral text', () => {
      assert.equal(analyzer.analyze('not helpful').label, 'negative');
      assert.equal(analyzer.analyze('The answer has three paragraphs.').label, 'neutral');
    });
  });
});
