import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Duplex } from 'node:stream';
import { coalesceWrites } from './coalesced-writes.js';

/** A socket stand-in that records how its bytes reach the "wire": one entry per underlying write. */
class RecordingSocket extends Duplex {
  readonly wireWrites: string[] = [];
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.wireWrites.push(chunk.toString());
    done();
  }
  override _writev(chunks: { chunk: Buffer }[], done: () => void): void {
    this.wireWrites.push(chunks.map(({ chunk }) => chunk.toString()).join(''));
    done();
  }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesceWrites', () => {
  it('sends the messages written in one tick as one write, in order', async () => {
    const socket = new RecordingSocket();
    coalesceWrites(socket);
    for (const message of ['P', 'B', 'D', 'E', 'S']) socket.write(message);
    await nextTurn();
    assert.deepEqual(socket.wireWrites, ['PBDES']);
  });

  it('does not hold back the writes of a later tick', async () => {
    const socket = new RecordingSocket();
    coalesceWrites(socket);
    socket.write('first');
    await nextTurn();
    socket.write('second');
    socket.write('+');
    await nextTurn();
    assert.deepEqual(socket.wireWrites, ['first', 'second+']);
  });

  it('wraps a socket once, however often it is checked out', async () => {
    const socket = new RecordingSocket();
    coalesceWrites(socket);
    const wrapped = socket.write;
    coalesceWrites(socket);
    assert.equal(socket.write, wrapped);
  });

  it('(control) without it, every message is a write of its own', async () => {
    const socket = new RecordingSocket();
    for (const message of ['P', 'B']) socket.write(message);
    await nextTurn();
    assert.deepEqual(socket.wireWrites, ['P', 'B']);
  });
});
