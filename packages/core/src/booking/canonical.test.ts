import { describe, expect, it } from 'vitest';
import { canonicalJson, differingFields, payloadHash } from './canonical';

describe('canonical JSON and the payload hash', () => {
  it('sorts object keys at every level, inside arrays too, and keeps array order', () => {
    // Prepare
    const value = { b: 'x', a: [2, { d: null, c: 1 }] };

    // Act
    const json = canonicalJson(value);

    // Assess
    expect(json).toBe('{"a":[2,{"c":1,"d":null}],"b":"x"}');
  });

  it('hashes equal payloads equally whatever the key order, and pins the hash stored bookings carry', () => {
    // A change here re-keys every stored booking's payload hash: each upsert would look new.
    expect(payloadHash({ a: 1, b: { c: 2, d: 3 } })).toBe(payloadHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(payloadHash({ a: [1, 2] })).not.toBe(payloadHash({ a: [2, 1] }));
    expect(payloadHash({ b: 'x', a: [2, { d: null, c: 1 }] })).toBe('eee89cde4e8b612c4cd250855c36b366db32431866768b7719e52296bb5c6682');
  });
});

describe('differingFields', () => {
  it('names the leaves that differ, as sorted dotted paths', () => {
    expect(differingFields({ title: 'a', guest: { count: 6, name: 'J' } }, { title: 'b', guest: { count: 7, name: 'J' } })).toEqual([
      'guest.count',
      'title',
    ]);
  });

  it('treats arrays and strings as leaves, not as objects to walk into', () => {
    expect(differingFields({ crew: [1] }, { crew: [1, 2] })).toEqual(['crew']);
    expect(differingFields({ title: 'ab' }, { title: 'ac' })).toEqual(['title']);
  });

  it('names an object that became null, and a field only one side has', () => {
    expect(differingFields({ guest: { count: 6 } }, { guest: null })).toEqual(['guest']);
    expect(differingFields({ a: 1 }, { a: 1, notes: 'x' })).toEqual(['notes']);
  });

  it('calls a difference of the whole value "(root)", and finds none between equal values in any key order', () => {
    expect(differingFields(1, 2)).toEqual(['(root)']);
    expect(differingFields({ a: { b: 1, c: 2 } }, { a: { c: 2, b: 1 } })).toEqual([]);
  });
});
