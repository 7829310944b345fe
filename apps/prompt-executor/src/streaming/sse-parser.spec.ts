import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from './sse-parser.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('SseParser', () => {
  describe('push', () => {
    it('finds events split anywhere, with CRLF and multi-byte characters cut in half', () => {
      const text = 'event: message_start\r\ndata: {"a":1}\r\n\r\n: ping\n\ndata: {"t":"é€"}\n\ndata: [DONE]\n\n';
      const all = bytes(text);
      for (const size of [1, 2, 3, 7, all.length]) {
        const parser = new SseParser();
        const events = [];
        for (let at = 0; at < all.length; at += size) events.push(...parser.push(all.subarray(at, at + size)));
        events.push(...parser.end());
        assert.deepEqual(events, [{ event: 'message_start', data: '{"a":1}' }, { data: '{"t":"é€"}' }, { data: '[DONE]' }], `chunk size ${size}`);
      }
    });

    it('joins several data lines of one event with newlines', () => {
      const parser = new SseParser();
      assert.deepEqual(parser.push(bytes('data: one\ndata:two\n\n')), [{ data: 'one\ntwo' }]);
    });
  });

  describe('end', () => {
    it('answers a last event that has no blank line after it', () => {
      const parser = new SseParser();
      assert.deepEqual(parser.push(bytes('data: last')), []);
      assert.deepEqual(parser.end(), [{ data: 'last' }]);
    });
  });
});
