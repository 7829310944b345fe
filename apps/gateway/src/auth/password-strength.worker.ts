import { parentPort } from 'node:worker_threads';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import type { StrengthRequest, StrengthResult } from './password-strength.js';

// The dictionaries (~50 MiB once built) live in this worker only, and go when it exits.
const estimator = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});

parentPort!.on('message', async ({ id, password, userInputs }: StrengthRequest) => {
  const result = await estimator.check(password, userInputs);
  const reply: StrengthResult = { id, score: result.score, warning: result.feedback.warning, suggestions: result.feedback.suggestions };
  parentPort!.postMessage(reply);
});
