import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestSuite, type TestSuite } from '@prst/local-infra';
import { gatewayRoutes } from '@prst/gateway/routes';
import { adminSession, call, createApiCredential } from '../src/index.js';
import { startOllamaFake } from './fakes/ai-providers.js';
import type { FakeServer } from './fakes/json-server.js';
import { readAuditEvents } from '../src/index.js';

/** Wilson score lower bound written out independently of the service's SQL. */
function wilsonLowerBound(positive: number, n: number, z = 1.96): number {
  if (n === 0) return 0;
  const p = positive / n;
  const centre = p + (z * z) / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p) + (z * z) / (4 * n)) / n);
  return (centre - margin) / (1 + (z * z) / n);
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

describe('feedback: submit, list, summary and ranking over HTTP', () => {
  let env: TestSuite;
  let provider: FakeServer;
  /** The root administrator's access token (every route needs a signed-in caller). */
  let token: string;
  const post = (json: unknown) => call(env.gatewayUrl, 'POST', '/api/v1/feedback', { json, token });
  const get = (path: string) => call(env.gatewayUrl, 'GET', path, { token });

  before(async () => {
    provider = await startOllamaFake();
    env = await startTestSuite('feedback', { env: { 'prompt-executor': { PROVIDER_ALLOWED_HOSTS: `127.0.0.1:${provider.port}` } } });
    token = await adminSession(env);
  });
  after(async () => {
    await env?.stop();
    await provider?.close();
  });

  describe('which prompt fields are accepted', () => {
    const promptId = `prompt-${randomUUID()}`;
    const versionId = `version-${randomUUID()}`;
    const accepted: Array<[string, Record<string, unknown>]> = [
      ['prompt_id', { prompt_id: promptId }],
      ['prompt_id + prompt_version', { prompt_id: promptId, prompt_version: '2' }],
      ['prompt_version_id', { prompt_version_id: versionId }],
      ['prompt_id + prompt_version_id', { prompt_id: promptId, prompt_version_id: versionId }],
      ['prompt_version + prompt_version_id', { prompt_version: '2', prompt_version_id: versionId }],
      ['prompt_id + prompt_version + prompt_version_id', { prompt_id: promptId, prompt_version: '2', prompt_version_id: versionId }],
      ['prompt_id + user_id + source', { prompt_id: promptId, user_id: 'end-user-7', source: 'widget' }],
      [
        'prompt_version_id + user_id + source',
        { prompt_version_id: versionId, user_id: 'end-user-7', source: 'widget' },
      ],
    ];
    for (const [name, fields] of accepted) {
      it(`accepts ${name} and stores exactly what was sent`, async () => {
        const answer = await post({ ...fields, rating: { type: 'like' } });
        assert.equal(answer.status, 201, JSON.stringify(answer.body));
        for (const field of ['task_id', 'user_id', 'prompt_id', 'prompt_version', 'prompt_version_id', 'source']) {
          assert.equal(answer.body[field], fields[field] ?? null, field);
        }
        assert.match(answer.body.id, /^[0-9a-f-]{36}$/);
        assert.deepEqual(answer.body.rating, { type: 'like' });
      });
    }

    const rejected: Array<[string, Record<string, unknown>]> = [
      ['no field at all', {}],
      ['prompt_version alone', { prompt_version: '2' }],
      ['user_id alone', { user_id: 'end-user-7' }],
      ['source alone', { source: 'widget' }],
      ['user_id + source + prompt_version', { user_id: 'end-user-7', source: 'widget', prompt_version: '2' }],
    ];
    for (const [name, fields] of rejected) {
      it(`rejects ${name} with 400 naming the accepted combinations`, async () => {
        const answer = await post({ ...fields, rating: { type: 'like' } });
        assert.equal(answer.status, 400);
        assert.equal(answer.body.name, 'FEEDBACK_PROMPT_REQUIRED');
        assert.equal(answer.body.code, 'PRST-FBK-ERR-00001');
        assert.match(answer.body.description, /prompt_id; prompt_id with prompt_version; prompt_version_id/);
      });
    }

    it('answers a request without a body or with a JSON array with 400, not 500', async () => {
      const none = await call(env.gatewayUrl, 'POST', '/api/v1/feedback', { token });
      assert.equal(none.status, 400, JSON.stringify(none.body));
      const array = await post([{ prompt_id: promptId, rating: { type: 'like' } }]);
      assert.equal(array.status, 400, JSON.stringify(array.body));
    });

    it('rejects a task_id that is not a UUID', async () => {
      const answer = await post({ task_id: 'task-1', prompt_id: promptId, rating: { type: 'like' } });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.name, 'VALIDATION_FAILED');
      assert.match(answer.body.description, /task_id/);
    });
  });

  describe('rating and comment', () => {
    const promptId = `prompt-${randomUUID()}`;

    it('accepts 0 and 5 stars and rejects 6, -1, 2.5 and a missing value', async () => {
      for (const value of [0, 5]) {
        const answer = await post({ prompt_id: promptId, rating: { type: 'stars', value } });
        assert.equal(answer.status, 201);
        assert.deepEqual(answer.body.rating, { type: 'stars', value });
      }
      for (const rating of [{ type: 'stars', value: 6 }, { type: 'stars', value: -1 }, { type: 'stars', value: 2.5 }, { type: 'stars' }]) {
        const answer = await post({ prompt_id: promptId, rating });
        assert.equal(answer.status, 400, JSON.stringify(rating));
        assert.equal(answer.body.name, 'VALIDATION_FAILED');
      }
    });

    it('rejects an unknown rating type, a value on a like, and a rating that is not an object', async () => {
      for (const rating of [{ type: 'love' }, { type: 'like', value: 3 }, 'like']) {
        const answer = await post({ prompt_id: promptId, rating });
        assert.equal(answer.status, 400, JSON.stringify(rating));
        assert.equal(answer.body.name, 'VALIDATION_FAILED');
      }
    });

    it('accepts a comment of 4,000 characters and rejects 4,001', async () => {
      assert.equal((await post({ prompt_id: promptId, comment: 'a'.repeat(4000) })).status, 201);
      const answer = await post({ prompt_id: promptId, comment: 'a'.repeat(4001) });
      assert.equal(answer.status, 400);
      assert.match(answer.body.description, /comment/);
    });

    it('rejects feedback with neither a rating nor a comment, and unknown fields', async () => {
      const empty = await post({ prompt_id: promptId, comment: '   ' });
      assert.equal(empty.status, 400);
      assert.equal(empty.body.name, 'FEEDBACK_EMPTY');
      const unknown = await post({ prompt_id: promptId, rating: { type: 'like' }, score: 3 });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.description, /score/);
    });

    it('stores the sentiment of the comment: positive, negative, none without a comment', async () => {
      const happy = await post({ prompt_id: promptId, comment: 'Great answer, really helpful and clear. I love it!' });
      assert.equal(happy.status, 201);
      assert.equal(happy.body.sentiment.label, 'positive');
      assert.ok(happy.body.sentiment.score > 0 && happy.body.sentiment.score <= 1);
      const angry = await post({ prompt_id: promptId, comment: 'Terrible, wrong and useless. The worst answer.' });
      assert.equal(angry.body.sentiment.label, 'negative');
      assert.ok(angry.body.sentiment.score < 0 && angry.body.sentiment.score >= -1);
      const negated = await post({ prompt_id: promptId, comment: 'This was not good.' });
      assert.equal(negated.body.sentiment.label, 'negative');
      const silent = await post({ prompt_id: promptId, rating: { type: 'dislike' } });
      assert.equal(silent.body.sentiment, null);
    });
  });

  describe('summary and ranking', () => {
    const promptId = `prompt-${randomUUID()}`;
    const versionA = { id: `va-${randomUUID()}`, label: '1' };
    const versionB = { id: `vb-${randomUUID()}`, label: '2' };
    type Seed = { rating?: { type: string; value?: number }; comment?: string };
    // Version 1: mostly liked, high stars, warm comments. Version 2: mostly disliked, low stars.
    const seedsA: Seed[] = [
      ...Array.from({ length: 8 }, () => ({ rating: { type: 'like' } })),
      { rating: { type: 'dislike' }, comment: 'Too long and a bit boring.' },
      { rating: { type: 'stars', value: 5 }, comment: 'Excellent, exactly what I needed.' },
      { rating: { type: 'stars', value: 4 }, comment: 'Good and helpful.' },
      { comment: 'Nice work, thanks!' },
    ];
    const seedsB: Seed[] = [
      { rating: { type: 'like' } },
      { rating: { type: 'like' }, comment: 'Fine.' },
      ...Array.from({ length: 3 }, () => ({ rating: { type: 'dislike' } })),
      { rating: { type: 'stars', value: 2 }, comment: 'Wrong answer, useless.' },
      { rating: { type: 'stars', value: 1 }, comment: 'Bad and confusing.' },
    ];
    const sentiments = { A: [] as number[], B: [] as number[] };

    /** Alternates how the version is named, so the summary must join ids and labels. */
    function reference(version: { id: string; label: string }, index: number): Record<string, string> {
      switch (index % 3) {
        case 0:
          return { prompt_id: promptId, prompt_version: version.label };
        case 1:
          return { prompt_version_id: version.id };
        default:
          return { prompt_id: promptId, prompt_version: version.label, prompt_version_id: version.id };
      }
    }

    function expected(seeds: Seed[], sentiment: number[]) {
      const ratings = seeds.map((seed) => seed.rating).filter((rating) => rating !== undefined);
      const shares = ratings.map((rating) => (rating.type === 'like' ? 1 : rating.type === 'dislike' ? 0 : rating.value! / 5));
      const stars = ratings.filter((rating) => rating.type === 'stars').map((rating) => rating.value!);
      const positive = shares.reduce((a, b) => a + b, 0);
      const wilson = wilsonLowerBound(positive, shares.length);
      const averageSentiment = mean(sentiment);
      return {
        feedback_count: seeds.length,
        rated_count: ratings.length,
        likes: ratings.filter((rating) => rating.type === 'like').length,
        dislikes: ratings.filter((rating) => rating.type === 'dislike').length,
        stars_count: stars.length,
        average_stars: mean(stars),
        positive_share: positive / shares.length,
        wilson_lower_bound: wilson,
        comment_count: sentiment.length,
        average_sentiment: averageSentiment,
        ranking_score: 0.8 * wilson + 0.2 * (((averageSentiment ?? 0) + 1) / 2),
      };
    }

    function assertStats(actual: Record<string, unknown>, wanted: Record<string, number | null>): void {
      for (const [key, value] of Object.entries(wanted)) {
        if (value === null) assert.equal(actual[key], null, key);
        else assert.ok(Math.abs((actual[key] as number) - value) < 1e-9, `${key}: ${actual[key]} ≠ ${value}`);
      }
    }

    before(async () => {
      // Seeded in an interleaved order; the ranking must not depend on it.
      const jobs = [
        ...seedsA.map((seed, index) => ({ seed, body: { ...reference(versionA, index), ...seed }, into: sentiments.A })),
        ...seedsB.map((seed, index) => ({ seed, body: { ...reference(versionB, index), ...seed }, into: sentiments.B })),
      ].sort((a, b) => JSON.stringify(a.body).length - JSON.stringify(b.body).length);
      for (const job of jobs) {
        const answer = await post({ ...job.body, source: 'seed' });
        assert.equal(answer.status, 201, JSON.stringify(answer.body));
        if (job.seed.comment) job.into.push(answer.body.sentiment.score);
      }
      assert.equal((await post({ prompt_id: promptId, rating: { type: 'like' }, source: 'seed' })).status, 201);
    });

    it('compares both versions with the numbers a person computes by hand, the better one first', async () => {
      const answer = await get(`/api/v1/feedback/summary?prompt_id=${encodeURIComponent(promptId)}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.prompt_id, promptId);
      assert.equal(answer.body.versions.length, 2);
      const [first, second] = answer.body.versions;
      assert.equal(first.prompt_version_id, versionA.id);
      assert.equal(first.prompt_version, versionA.label);
      assert.equal(second.prompt_version_id, versionB.id);
      assertStats(first, expected(seedsA, sentiments.A));
      assertStats(second, expected(seedsB, sentiments.B));
      // Hand check of the headline numbers of version 1: 8 likes, 1 dislike, stars 5 and 4.
      assert.equal(first.likes, 8);
      assert.equal(first.average_stars, 4.5);
      assert.ok(Math.abs(first.positive_share - 9.8 / 11) < 1e-9);
      assert.ok(first.ranking_score > second.ranking_score);
      assert.equal(answer.body.unversioned.feedback_count, 1);
      assert.equal(answer.body.unversioned.likes, 1);
    });

    it('gives one version alone for ?prompt_version_id=', async () => {
      const answer = await get(`/api/v1/feedback/summary?prompt_version_id=${encodeURIComponent(versionB.id)}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.prompt_id, promptId);
      assert.equal(answer.body.prompt_version, versionB.label);
      assertStats(answer.body, expected(seedsB, sentiments.B));
    });

    it('answers zeros for a version without feedback and 400 without exactly one target', async () => {
      const empty = await get(`/api/v1/feedback/summary?prompt_version_id=nothing-${randomUUID()}`);
      assert.equal(empty.status, 200);
      assert.equal(empty.body.feedback_count, 0);
      assert.equal(empty.body.wilson_lower_bound, 0);
      for (const query of ['', `?prompt_id=${promptId}&prompt_version_id=${versionA.id}`]) {
        const answer = await get(`/api/v1/feedback/summary${query}`);
        assert.equal(answer.status, 400);
        assert.equal(answer.body.name, 'FEEDBACK_SUMMARY_TARGET');
      }
    });

    it('lists feedback filtered by prompt, version, source and rating, newest first and paged', async () => {
      const all = await get(`/api/v1/feedback?prompt_id=${promptId}&limit=200`);
      assert.equal(all.status, 200);
      // Feedback sent with only prompt_version_id does not name the prompt, so it is not listed by prompt_id.
      const byPrompt = [...seedsA, ...seedsB].length + 1 - [seedsA, seedsB].flatMap((seeds) => seeds.filter((_, i) => i % 3 === 1)).length;
      assert.equal(all.body.total, byPrompt);
      const times = all.body.items.map((item: { created_at: string }) => Date.parse(item.created_at));
      assert.deepEqual(times, [...times].sort((a, b) => b - a));

      const stars = await get(`/api/v1/feedback?prompt_version_id=${versionB.id}&rating=stars`);
      assert.equal(stars.status, 200);
      assert.ok(stars.body.items.every((item: { rating: { type: string } }) => item.rating.type === 'stars'));
      assert.ok(stars.body.items.every((item: { prompt_version_id: string }) => item.prompt_version_id === versionB.id));

      const oneStar = await get(`/api/v1/feedback?prompt_id=${promptId}&stars=1`);
      assert.equal(oneStar.body.total, 1);
      assert.equal(oneStar.body.items[0].comment, 'Bad and confusing.');

      const label = await get(`/api/v1/feedback?prompt_id=${promptId}&prompt_version=1&rating=dislike`);
      assert.equal(label.body.total, 1);

      const page1 = await get(`/api/v1/feedback?prompt_id=${promptId}&limit=3`);
      const page2 = await get(`/api/v1/feedback?prompt_id=${promptId}&limit=3&offset=3`);
      assert.equal(page1.body.items.length, 3);
      assert.equal(page2.body.offset, 3);
      assert.deepEqual(page2.body.items[0], all.body.items[3]);

      const otherSource = await get(`/api/v1/feedback?prompt_id=${promptId}&source=widget`);
      assert.equal(otherSource.body.total, 0);

      const comments = await get(`/api/v1/feedback?prompt_id=${promptId}&rating=none`);
      assert.ok(comments.body.items.every((item: { rating: unknown; comment: string }) => item.rating === null && item.comment));
    });

    it('filters by time and rejects bad filters', async () => {
      const future = new Date(Date.now() + 3600_000).toISOString();
      const none = await get(`/api/v1/feedback?prompt_id=${promptId}&from=${future}`);
      assert.equal(none.body.total, 0);
      const before = await get(`/api/v1/feedback?prompt_id=${promptId}&to=${future}&limit=1`);
      assert.ok(before.body.total > 0);
      assert.equal(before.body.items.length, 1);
      for (const query of ['limit=0', 'limit=201', 'rating=love', 'from=yesterday', 'stars=9', 'colour=red']) {
        const answer = await get(`/api/v1/feedback?${query}`);
        assert.equal(answer.status, 400, query);
      }
    });
  });

  describe('feedback on an execution task', () => {
    let task: { id: string; promptId: string; versionId: string };

    before(async () => {
      const json = async (method: string, path: string, body: unknown) => {
        const answer = await call(env.gatewayUrl, method, path, { json: body, token });
        assert.ok(answer.status < 300, `${method} ${path}: ${JSON.stringify(answer.body)}`);
        return answer.body;
      };
      const connector = await json('POST', '/api/v1/connectors', { name: 'ollama-feedback', preset: 'ollama-chat', baseUrl: provider.url, model: 'llama3.1' });
      const prompt = await json('POST', '/api/v1/prompts', { name: `feedback-${randomUUID()}` });
      const version = await json('POST', `/api/v1/prompts/${prompt.id}/versions`, {
        body: 'Say hello to {{name}}',
        parameters: [{ name: 'name', type: 'string', required: true }],
        connector: { id: connector.id, version: '1' },
      });
      await json('PATCH', `/api/v1/prompts/${prompt.id}/versions/1/status`, { status: 'published' });
      const run = await json('POST', '/api/v1/executions', { prompt: { id: prompt.id, version: '1' }, parameters: { name: 'Ada' } });
      assert.equal(run.status, 'COMPLETED');
      task = { id: run.id, promptId: prompt.id, versionId: version.id };
    });

    it('fills prompt_id, prompt_version and prompt_version_id from a task_id alone', async () => {
      const answer = await post({ task_id: task.id, rating: { type: 'like' } });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      assert.equal(answer.body.task_id, task.id);
      assert.equal(answer.body.prompt_id, task.promptId);
      assert.equal(answer.body.prompt_version, '1');
      assert.equal(answer.body.prompt_version_id, task.versionId);
    });

    it('accepts all six fields when they agree with the task', async () => {
      const sent = {
        task_id: task.id,
        user_id: 'end-user-9',
        prompt_id: task.promptId,
        prompt_version: '1',
        prompt_version_id: task.versionId,
        source: 'chat-widget',
      };
      const answer = await post({ ...sent, rating: { type: 'stars', value: 4 }, comment: 'Helpful, thanks.' });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      for (const [field, value] of Object.entries(sent)) assert.equal(answer.body[field], value, field);
      const listed = await get(`/api/v1/feedback?task_id=${task.id}`);
      assert.equal(listed.body.total, 2);
      const summary = await get(`/api/v1/feedback/summary?prompt_id=${task.promptId}`);
      assert.equal(summary.body.versions.length, 1);
      assert.equal(summary.body.versions[0].prompt_version_id, task.versionId);
      assert.equal(summary.body.versions[0].feedback_count, 2);
    });

    for (const [field, value] of [
      ['prompt_id', 'another-prompt'],
      ['prompt_version', '7'],
      ['prompt_version_id', 'another-version'],
    ] as const) {
      it(`rejects a ${field} that contradicts the task with 400`, async () => {
        const answer = await post({ task_id: task.id, [field]: value, rating: { type: 'like' } });
        assert.equal(answer.status, 400);
        assert.equal(answer.body.name, 'FEEDBACK_TASK_MISMATCH');
        assert.match(answer.body.description, new RegExp(`${field} is "${value}"`));
      });
    }

    it('rejects an unknown task with 400 and stores nothing', async () => {
      const unknown = randomUUID();
      const answer = await post({ task_id: unknown, prompt_id: task.promptId, rating: { type: 'like' } });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.name, 'FEEDBACK_TASK_NOT_FOUND');
      assert.equal((await get(`/api/v1/feedback?task_id=${unknown}`)).body.total, 0);
    });
  });

  it('a feedback-only API key submits feedback and gets 403 on every other route', async () => {
    const widget = await createApiCredential(env, 'editor', { name: 'feedback widget', permissions: ['feedback.write'] });
    const promptId = `prompt-${randomUUID()}`;
    const submitted = await call(env.gatewayUrl, 'POST', '/api/v1/feedback', {
      token: widget.key,
      json: { prompt_id: promptId, source: 'widget', rating: { type: 'like' }, comment: 'Lovely!' },
    });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    // The key cannot read back what it wrote, nor anything else.
    const refused: string[] = [];
    for (const route of gatewayRoutes()) {
      if (route.permission === 'public' || (route.method === 'POST' && route.path === '/api/v1/feedback')) continue;
      const path = route.path.replace(/:\w+/g, randomUUID());
      const withBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
      const answer = await call(env.gatewayUrl, route.method, path, { token: widget.key, ...(withBody ? { json: {} } : {}) });
      if (answer.status !== 403 || answer.body.name !== 'FORBIDDEN') refused.push(`${route.method} ${route.path}: ${answer.status}`);
    }
    assert.deepEqual(refused, []);
    const summary = await get(`/api/v1/feedback/summary?prompt_id=${promptId}`);
    assert.equal(summary.body.unversioned.likes, 1);
  });

  it('records an audit event for every feedback', async () => {
    const created = await post({ prompt_id: `prompt-${randomUUID()}`, rating: { type: 'stars', value: 3 }, source: 'audit-check' });
    assert.equal(created.status, 201);
    const event = (await readAuditEvents(env)).find((candidate) => candidate.resource?.id === created.body.id);
    assert.ok(event, 'no audit event for the feedback');
    assert.equal(event.action, 'feedback.created');
    assert.equal(event.outcome, 'success');
    assert.equal(event.service, 'feedback');
    assert.equal(event.details.rating, 'stars');
  });
});
