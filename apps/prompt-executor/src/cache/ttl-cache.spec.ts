import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  describe('get', () => {
    it('forgets an entry when its lifetime has passed', () => {
      let now = 0;
      const cache = new TtlCache<string, number>(10, 100, () => now);
      cache.set('a', 1);
      now = 99;
      assert.equal(cache.get('a'), 1);
      now = 100;
      assert.equal(cache.get('a'), undefined);
    });

    it('evicts the oldest entry when full', () => {
      const cache = new TtlCache<string, number>(2, 1000);
      cache.set('a', 1);
      cache.set('b', 2);
      cache.set('c', 3);
      assert.equal(cache.get('a'), undefined);
      assert.equal(cache.get('c'), 3);
      assert.equal(cache.size, 2);
    });
  });

  describe('getOrLoad', () => {
    it('loads a cold key once for concurrent callers', async () => {
      const cache = new TtlCache<string, number>(10, 1000);
      let loads = 0;
      const load = async () => {
        loads++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return 7;
      };
      const values = await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)]);
      assert.deepEqual(values, [7, 7]);
      assert.equal(loads, 1);
      assert.equal(await cache.getOrLoad('k', load), 7);
      assert.equal(loads, 1);
    });

    it('does not keep a value loaded across an invalidation', async () => {
      const cache = new TtlCache<string, number>(10, 1000);
      let release!: () => void;
      const pending = cache.getOrLoad('k', () => new Promise<number>((resolve) => (release = () => resolve(1))));
      cache.delete('k');
      release();
      assert.equal(await pending, 1);
      assert.equal(cache.get('k'), undefined);
    });

    it('does not cache a failed load', async () => {
      const cache = new TtlCache<string, number>(10, 1000);
      await assert.rejects(cache.getOrLoad('k', async () => Promise.reject(new Error('down'))));
      assert.equal(await cache.getOrLoad('k', async () => 2), 2);
    });
  });

  describe('deleteWhere', () => {
    it('drops only the matching entries', () => {
      const cache = new TtlCache<string, number>(10, 1000);
      cache.set('p1:a', 1);
      cache.set('p2:a', 2);
      cache.deleteWhere((key) => key.startsWith('p1:'));
      assert.equal(cache.get('p1:a'), undefined);
      assert.equal(cache.get('p2:a'), 2);
    });
  });
});
