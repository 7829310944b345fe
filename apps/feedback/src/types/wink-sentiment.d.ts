/** wink-sentiment ships no type declarations; this is the part we use. */
declare module 'wink-sentiment' {
  interface WinkSentimentResult {
    score: number;
    normalizedScore: number;
  }
  function winkSentiment(phrase: string): WinkSentimentResult;
  export default winkSentiment;
}
