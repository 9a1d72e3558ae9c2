/**
 * The intrinsic functions the drift check resolves (lambda/drift/intrinsics.ts), at their edges: arguments of the
 * wrong shape, indexes out of range, `Fn::Sub` with its own variables, and where an `Unknown` is found.
 */
import { asDelivered, firstUnknown, resolveIntrinsics, Unknown } from '../../lambda/drift/intrinsics';

const refs = {
  Frequency: '14',
  Names: ['x', 'y'],
  'AWS::Region': 'eu-west-2',
  Secret: new Unknown('Ref Secret (a NoEcho parameter)'),
};
const resolve = (value: unknown) => resolveIntrinsics(value, refs);

describe('Ref', () => {
  test('a name that is not a string is unknown, named as given', () => {
    expect(resolve({ Ref: 7 })).toEqual(new Unknown('Ref 7'));
  });

  test('AWS::NoValue removes the property, and an item of a list; alone it is nothing', () => {
    expect(resolve({ Ref: 'AWS::NoValue' })).toBeUndefined();
    expect(resolve(['a', { Ref: 'AWS::NoValue' }, 'b'])).toEqual(['a', 'b']);
  });

  test('an object of two keys is no intrinsic, even when one is Ref', () => {
    expect(resolve({ Ref: 'Frequency', Other: { Ref: 'AWS::Region' } })).toEqual({
      Ref: 'Frequency',
      Other: 'eu-west-2',
    });
  });

  test('an unknown function is unknown by its name; a key starting Fn but not Fn:: is a plain key', () => {
    expect(resolve({ 'Fn::Base64': 'x' })).toEqual(new Unknown('Fn::Base64'));
    expect(resolve({ Fnord: { Ref: 'Frequency' } })).toEqual({ Fnord: '14' });
  });
});

describe('Fn::Join', () => {
  test('joins strings, refs included', () => {
    expect(resolve({ 'Fn::Join': [',', ['a', { Ref: 'Frequency' }]] })).toBe('a,14');
  });

  test.each([
    ['a delimiter that is not a string', { 'Fn::Join': [1, ['a']] }],
    ['a list that is not a list', { 'Fn::Join': [',', 'a'] }],
    ['an argument that is not a list', { 'Fn::Join': 'a' }],
    ['an item that is not a string', { 'Fn::Join': [',', ['a', ['b']]] }],
  ])('%s is unknown', (_what, value) => {
    expect(resolve(value)).toEqual(new Unknown('Fn::Join'));
  });

  test('an unknown item makes the join that unknown', () => {
    expect(resolve({ 'Fn::Join': [',', ['a', { Ref: 'Secret' }]] })).toBe(refs.Secret);
  });
});

describe('Fn::Select', () => {
  test('selects by a number or a numeric string, from the first item to the last', () => {
    expect(resolve({ 'Fn::Select': [0, ['a', 'b']] })).toBe('a');
    expect(resolve({ 'Fn::Select': ['1', { Ref: 'Names' }] })).toBe('y');
  });

  test.each([
    ['an index past the end', { 'Fn::Select': [2, ['a', 'b']] }],
    ['a negative index', { 'Fn::Select': [-1, ['a', 'b']] }],
    ['a fractional index', { 'Fn::Select': [0.5, ['a', 'b']] }],
    ['an index that is no number', { 'Fn::Select': [true, ['a', 'b']] }],
    ['a list that is not a list', { 'Fn::Select': [0, 'ab'] }],
    ['an argument that is not a list', { 'Fn::Select': 'a' }],
  ])('%s is unknown', (_what, value) => {
    expect(resolve(value)).toEqual(new Unknown('Fn::Select'));
  });

  test('an unknown list makes the selection that unknown', () => {
    expect(resolve({ 'Fn::Select': [0, { Ref: 'Secret' }] })).toBe(refs.Secret);
  });
});

describe('Fn::Split', () => {
  test('splits a string, refs included', () => {
    expect(resolve({ 'Fn::Split': ['-', { 'Fn::Join': ['-', ['a', { Ref: 'Frequency' }]] }] })).toEqual(['a', '14']);
  });

  test.each([
    ['a delimiter that is not a string', { 'Fn::Split': [1, 'a1b'] }],
    ['a source that is not a string', { 'Fn::Split': ['-', ['a']] }],
    ['an argument that is not a list', { 'Fn::Split': 'a-b' }],
  ])('%s is unknown', (_what, value) => {
    expect(resolve(value)).toEqual(new Unknown('Fn::Split'));
  });

  test('an unknown source makes the split that unknown', () => {
    expect(resolve({ 'Fn::Split': ['-', { Ref: 'Secret' }] })).toBe(refs.Secret);
  });
});

describe('Fn::Sub', () => {
  test('its own variables come first, then the parameters and pseudo parameters', () => {
    expect(
      resolve({ 'Fn::Sub': ['${Frequency}/${Day}/${AWS::Region}', { Frequency: '7', Day: { Ref: 'Frequency' } }] }),
    ).toBe('7/14/eu-west-2');
  });

  test('${!Name} is the literal ${Name}', () => {
    expect(resolve({ 'Fn::Sub': '${!Frequency} ${Frequency}' })).toBe('${Frequency} 14');
  });

  test('a variable that is nowhere is unknown, and named', () => {
    expect(resolve({ 'Fn::Sub': 'a-${Missing}' })).toEqual(new Unknown('Fn::Sub ${Missing}'));
  });

  test('the first unknown variable is the one reported', () => {
    expect(resolve({ 'Fn::Sub': '${Secret}-${Missing}' })).toBe(refs.Secret);
  });

  test('a variable that is a list is unknown', () => {
    expect(resolve({ 'Fn::Sub': '${Names}' })).toEqual(new Unknown('Fn::Sub ${Names}'));
  });

  test.each([
    ['a template that is not a string', { 'Fn::Sub': [7, {}] }],
    ['variables that are not an object', { 'Fn::Sub': ['${A}', ['A']] }],
    ['a bare value that is not a string', { 'Fn::Sub': 7 }],
  ])('%s is unknown', (_what, value) => {
    expect(resolve(value)).toEqual(new Unknown('Fn::Sub'));
  });
});

describe('firstUnknown and asDelivered', () => {
  test('finds the first Unknown at any depth, in lists and objects, or none', () => {
    const deep = new Unknown('deep');
    expect(firstUnknown({ a: 'x', b: [1, { c: deep }], d: new Unknown('later') })).toBe(deep);
    expect(firstUnknown({ a: ['x', { b: 'y' }] })).toBeUndefined();
    expect(firstUnknown('x')).toBeUndefined();
  });

  test('strings, nulls and Unknowns are delivered as they are', () => {
    const unknown = new Unknown('u');
    expect(asDelivered({ a: null, b: 'x', c: [false, 0] })).toEqual({ a: null, b: 'x', c: ['false', '0'] });
    expect(asDelivered(unknown)).toBe(unknown);
  });
});
