import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseMarkup } from './markup.js';
import { checkParameters, normaliseDefinitions, parameterInput } from './parameters.js';
import { placeholderProblems, renderBody } from './prompt-body.js';

describe('parseMarkup', () => {
  it('declares typed parameters with defaults and strips the declarations from the body', () => {
    const result = parseMarkup('{{n:number=2}} {{topic}} in {{tone:enum(formal, casual)=casual}} {{data?:json}} {{on:boolean=true}} {{topic}}');
    assert.deepEqual(result.problems, []);
    assert.equal(result.body, '{{n}} {{topic}} in {{tone}} {{data}} {{on}} {{topic}}');
    assert.deepEqual(result.parameters, [
      { name: 'n', type: 'number', default: 2, required: false },
      { name: 'topic', type: 'string', required: true },
      { name: 'tone', type: 'enum', enumValues: ['formal', 'casual'], default: 'casual', required: false },
      { name: 'data', type: 'json', required: false },
      { name: 'on', type: 'boolean', default: true, required: false },
    ]);
  });

  it('lists every problem', () => {
    const result = parseMarkup('{{a:number=x}} {{b:enum()}} {{c:weird}} {{d:enum(x,y)=z}} {{a:string}}');
    assert.equal(result.problems.length, 5, result.problems.join('\n'));
  });
});

describe('placeholderProblems', () => {
  it('names undeclared placeholders and unused parameters', () => {
    assert.deepEqual(placeholderProblems('{{a}} {{ b }}', [{ name: 'a' }, { name: 'c' }]), [
      'placeholder {{b}} is not a declared parameter',
      'parameter c is not used in the body',
    ]);
  });
});

describe('checkParameters', () => {
  const { parameters } = normaliseDefinitions([
    { name: 's', type: 'string' },
    { name: 'n', type: 'number' },
    { name: 'b', type: 'boolean', default: false },
    { name: 'e', type: 'enum', enumValues: ['x', 'y'], default: 'x' },
    { name: 'j', type: 'json', required: false },
  ]);

  it('applies defaults and accepts the list form', () => {
    const input = parameterInput([{ name: 's', value: 'hi' }, { name: 'n', value: 1.5 }]);
    assert.deepEqual(checkParameters(parameters, input.values), { values: { s: 'hi', n: 1.5, b: false, e: 'x' }, problems: [] });
  });

  it('lists every problem at once', () => {
    const { problems } = checkParameters(parameters, { n: '1', b: 'yes', e: 'z', other: 1 });
    assert.deepEqual(problems, [
      'other is not a parameter of this prompt version',
      's is required',
      'n must be a number, got a string',
      'b must be true or false, got a string',
      'e must be one of x, y',
    ]);
  });

  it('renders values as text, JSON for objects', () => {
    assert.equal(renderBody('{{s}} {{j}} {{missing}}', { s: 'a', j: { k: [1] } }), 'a {"k":[1]} ');
  });
});
