import {
  evaluateCondition,
  IntrinsicError,
  parseTemplate,
  resolveValue,
  Scope,
  stringifyProperties,
  TemplateValidationError,
} from '../../../tools/local-cloudformation';

const scope: Scope = {
  region: 'eu-west-1',
  mappings: { Sizes: { small: { Memory: 128 } } },
  ref: (name) => {
    const values: Record<string, unknown> = {
      'AWS::Partition': 'aws',
      'AWS::Region': 'eu-west-1',
      Env: 'prod',
      Subnets: ['s-1', 's-2'],
      Queue: 'queue-physical-id',
    };
    if (!(name in values)) throw new Error(`unknown ${name}`);
    return values[name];
  },
  getAtt: (logicalId, attribute) => `${logicalId}/${attribute}`,
  condition: (name) => name === 'IsProd',
};

describe('resolveValue', () => {
  test('Ref of parameters, pseudo parameters and resources', () => {
    expect(resolveValue({ a: { Ref: 'Env' }, b: { Ref: 'AWS::Region' }, c: { Ref: 'Queue' } }, scope)).toEqual({
      a: 'prod',
      b: 'eu-west-1',
      c: 'queue-physical-id',
    });
  });

  test('Fn::GetAtt in list and dotted forms', () => {
    expect(resolveValue([{ 'Fn::GetAtt': ['Fn', 'Arn'] }, { 'Fn::GetAtt': 'Db.Endpoint.Address' }], scope)).toEqual([
      'Fn/Arn',
      'Db/Endpoint.Address',
    ]);
  });

  test('Fn::Join over resolved items, Fn::Split and Fn::Select', () => {
    expect(resolveValue({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::b']] }, scope)).toBe(
      'arn:aws:s3:::b',
    );
    expect(resolveValue({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] }, scope)).toBe('b');
    expect(resolveValue({ 'Fn::Select': ['0', { Ref: 'Subnets' }] }, scope)).toBe('s-1');
    expect(() => resolveValue({ 'Fn::Select': [5, ['x']] }, scope)).toThrow(/out of bounds/);
  });

  test('Fn::Sub with references, attributes, variables and escaped placeholders', () => {
    const sub = { 'Fn::Sub': ['${AWS::Region}:${Queue}:${Fn.Arn}:${Name}:${!Literal}', { Name: { Ref: 'Env' } }] };
    expect(resolveValue(sub, scope)).toBe('eu-west-1:queue-physical-id:Fn/Arn:prod:${Literal}');
  });

  test('Fn::If picks a branch; AWS::NoValue drops the key or list item', () => {
    const value = {
      kept: { 'Fn::If': ['IsProd', 'yes', 'no'] },
      dropped: { 'Fn::If': ['IsDev', 'yes', { Ref: 'AWS::NoValue' }] },
      list: ['a', { Ref: 'AWS::NoValue' }, 'b'],
    };
    expect(resolveValue(value, scope)).toEqual({ kept: 'yes', list: ['a', 'b'] });
  });

  test('Fn::FindInMap and Fn::Base64', () => {
    expect(resolveValue({ 'Fn::FindInMap': ['Sizes', 'small', 'Memory'] }, scope)).toBe(128);
    expect(resolveValue({ 'Fn::Base64': 'hi' }, scope)).toBe('aGk=');
  });

  test('an intrinsic the runner does not implement is an error, not a literal object', () => {
    expect(() => resolveValue({ 'Fn::ImportValue': 'Shared' }, scope)).toThrow(IntrinsicError);
  });
});

describe('evaluateCondition', () => {
  test('Fn::Equals over resolved values, combined with Fn::And, Fn::Or, Fn::Not and Condition', () => {
    const isProd = { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] };
    expect(evaluateCondition(isProd, scope)).toBe(true);
    expect(evaluateCondition({ 'Fn::Not': [isProd] }, scope)).toBe(false);
    expect(evaluateCondition({ 'Fn::And': [isProd, { Condition: 'IsDev' }] }, scope)).toBe(false);
    expect(evaluateCondition({ 'Fn::Or': [{ Condition: 'IsDev' }, isProd] }, scope)).toBe(true);
  });
});

describe('stringifyProperties', () => {
  test('numbers and booleans become strings at any depth, as CloudFormation delivers them', () => {
    const properties = { Count: 3, Enabled: false, Ratio: 0.5, Name: 'n', Limits: [{ Max: 1, Flags: [true, 'x'] }] };
    expect(stringifyProperties(properties)).toEqual({
      Count: '3',
      Enabled: 'false',
      Ratio: '0.5',
      Name: 'n',
      Limits: [{ Max: '1', Flags: ['true', 'x'] }],
    });
  });
});

describe('parseTemplate', () => {
  test('dependencies come from DependsOn, Ref, Fn::GetAtt and Fn::Sub, not from parameters', () => {
    const template = parseTemplate({
      Parameters: { Env: { Type: 'String' } },
      Resources: {
        A: { Type: 'Custom::A' },
        B: { Type: 'Custom::B' },
        C: { Type: 'Custom::C' },
        D: { Type: 'Custom::D' },
        E: {
          Type: 'Custom::E',
          DependsOn: 'A',
          Properties: { X: { Ref: 'B' }, Y: { 'Fn::GetAtt': ['C', 'Out'] }, Z: { 'Fn::Sub': '${D.Arn}-${Env}' } },
        },
      },
    });
    expect([...template.resources.get('E')!.dependencies].sort()).toEqual(['A', 'B', 'C', 'D']);
  });

  test('unknown references and circular dependencies are rejected before anything runs', () => {
    const parse = () =>
      parseTemplate({
        Resources: {
          A: { Type: 'Custom::A', Properties: { X: { Ref: 'Missing' } }, DependsOn: 'B' },
          B: { Type: 'Custom::B', Properties: { Y: { 'Fn::GetAtt': ['A', 'Out'] } } },
        },
      });
    expect(parse).toThrow(TemplateValidationError);
    expect(parse).toThrow(/Ref to unknown Missing/);
    expect(parse).toThrow(/circular dependency: A -> B -> A/);
  });
});
