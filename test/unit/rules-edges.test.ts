/**
 * The shared rules (lib/shared/rules.ts, lib/shared/campaign-arn.ts) at their edges: how a value is written in a
 * message, the messages of the count rules and of a missing override, the parts a campaign ARN must have, and whose
 * campaign it must be.
 */
import { inspect } from 'node:util';
import {
  environmentOf,
  isArn,
  isKnownEnvironment,
  parseCampaignArn,
  resolveCampaign,
} from '../../lib/shared/campaign-arn';
import {
  checkCampaignId,
  checkCommunicationLimitCount,
  checkSomethingToApply,
  describeValue,
  formatCount,
  InvalidPropertiesError,
  InvalidPropertyError,
  Problems,
} from '../../lib/shared/rules';

describe('describeValue', () => {
  test('strings quoted, numbers and JSON as they are, nothing for undefined', () => {
    expect(describeValue('7 ')).toBe('"7 "');
    expect(describeValue(7)).toBe('7');
    expect(describeValue({ a: [1, null] })).toBe('{"a":[1,null]}');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('nothing');
  });

  test('NaN and the infinities as JavaScript writes them', () => {
    expect(describeValue(NaN)).toBe('NaN');
    expect(describeValue(Infinity)).toBe('Infinity');
    expect(describeValue(-Infinity)).toBe('-Infinity');
  });

  test('a string of up to 160 characters is shown whole; a longer one shortened, with its length', () => {
    expect(describeValue('x'.repeat(160))).toBe(`"${'x'.repeat(160)}"`);
    expect(describeValue('x'.repeat(161))).toBe(`"${'x'.repeat(157)}..." (161 characters)`);
  });

  test('a function or a symbol by its text', () => {
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
  });
});

test('formatCount groups the digits by three', () => {
  expect(formatCount(2147483647)).toBe('2,147,483,647');
  expect(formatCount(1000)).toBe('1,000');
  expect(formatCount(999)).toBe('999');
  expect(formatCount(1234567)).toBe('1,234,567');
});

describe('the count rules and something to apply', () => {
  test('three limits are too many: the field is the length, the value the count', () => {
    expect(() => checkCommunicationLimitCount('communicationLimits', 3)).toThrow(
      'communicationLimits.length must be at most 2; got 3',
    );
    expect(() => checkCommunicationLimitCount('communicationLimits', 0)).not.toThrow();
  });

  test('no limits and no instanceLimitsHandling: the message quotes the list as given', () => {
    expect(() => checkSomethingToApply([], undefined)).toThrow(
      'communicationLimits must be 1 to 2 limits when instanceLimitsHandling is not given; got []',
    );
    expect(() => checkSomethingToApply(undefined, undefined)).toThrow(
      'communicationLimits must be 1 to 2 limits when instanceLimitsHandling is not given; got nothing',
    );
  });

  test('a campaign id of the wrong length says how long it may be', () => {
    expect(() => checkCampaignId('campaignId', '')).toThrow('campaignId must be 1 to 256 characters long; got ""');
    expect(() => checkCampaignId('campaignId', 7)).toThrow('campaignId must be a campaign id (a string); got 7');
  });
});

describe('InvalidPropertyError, InvalidPropertiesError and Problems', () => {
  test('an error keeps the field, the value and what was expected', () => {
    const error = new InvalidPropertyError('frequency', 31, 'an integer from 1 to 30');
    expect(error).toMatchObject({ name: 'InvalidPropertyError', field: 'frequency', value: 31 });
    expect(error.expected).toBe('an integer from 1 to 30');
  });

  test('every problem on its own line, each with the prefix; the list kept', () => {
    const problems = new Problems();
    problems.add(new InvalidPropertyError('a', 1, 'x'));
    problems.add(undefined);
    expect(problems.check(() => 'fine')).toBe('fine');
    const failed: unknown = problems.check((): string => {
      throw new InvalidPropertyError('b', 2, 'y');
    });
    expect(failed).toBeUndefined();
    expect(problems.list.map((p) => p.field)).toEqual(['a', 'b']);
    let thrown: unknown;
    try {
      problems.throwIfAny('Stack/Limits: ');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidPropertiesError);
    expect((thrown as Error).message).toBe('Stack/Limits: a must be x; got 1\nStack/Limits: b must be y; got 2');
    expect((thrown as Error).name).toBe('InvalidPropertiesError');
  });

  test('a failed synth prints the message once: the problems are kept on the error, not printed after it', () => {
    const problem = new InvalidPropertyError('frequency', 0, 'an integer from 1 to 30');
    const error = new InvalidPropertiesError([problem], 'MyStack/Limits: ');
    expect(error.problems).toEqual([problem]);
    // Node prints an uncaught error's enumerable properties after its stack (each problem again, with its own).
    expect(Object.keys(error)).not.toContain('problems');
    expect(inspect(error).match(/must be an integer from 1 to 30/g)).toHaveLength(1);
  });

  test('no problem, no error; an error that is not a rule error is not caught', () => {
    const problems = new Problems();
    expect(() => problems.throwIfAny()).not.toThrow();
    expect(() =>
      problems.check(() => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
    expect(problems.list).toEqual([]);
  });
});

describe('campaign ARNs', () => {
  const FORMAT = 'a campaign id or a campaign ARN (arn:<partition>:connect-campaigns:<region>:<account>:campaign/<id>)';
  const ID = 'a1b2c3d4-0000-1111-2222-333344445555';
  const HERE = { account: '123456789012', region: 'us-east-1' };
  const arnIn = (region: string, account: string, id = ID) =>
    `arn:aws:connect-campaigns:${region}:${account}:campaign/${id}`;

  test.each([
    ['another prefix than arn', 'arx:aws:connect-campaigns:us-east-1:123456789012:campaign/c-1'],
    ['no partition', 'arn::connect-campaigns:us-east-1:123456789012:campaign/c-1'],
    ['no region', 'arn:aws:connect-campaigns::123456789012:campaign/c-1'],
    ['no account', 'arn:aws:connect-campaigns:us-east-1::campaign/c-1'],
    ['an id that is not a campaign id', 'arn:aws:connect-campaigns:us-east-1:123456789012:campaign/a b'],
  ])('an ARN with %s is rejected', (_what, arn) => {
    expect(() => parseCampaignArn('campaignId', arn)).toThrow(`campaignId must be ${FORMAT}; got "${arn}"`);
  });

  test.each([
    ['every part', { partition: 'aws', account: '123456789012', region: 'us-east-1' }, true],
    ['no partition', { account: '123456789012', region: 'us-east-1' }, false],
    ['no account', { partition: 'aws', region: 'us-east-1' }, false],
    ['no region', { partition: 'aws', account: '123456789012' }, false],
    ['nothing', {}, false],
  ])('an environment is known only with every part: %s', (_what, environment, known) => {
    expect(isKnownEnvironment(environment)).toBe(known);
  });

  test('the parts of a campaign ARN', () => {
    expect(parseCampaignArn('c', 'arn:aws-cn:connect-campaigns:cn-north-1:123456789012:campaign/c-1')).toEqual({
      partition: 'aws-cn',
      region: 'cn-north-1',
      account: '123456789012',
      campaignId: 'c-1',
    });
  });

  test('only the region of a partly known environment is compared when it is the part known', () => {
    const arn = 'arn:aws:connect-campaigns:eu-west-2:210987654321:campaign/c-1';
    expect(() => resolveCampaign('campaignId', arn, { region: 'us-east-1' })).toThrow(
      `campaignId must be the ARN of a campaign in the stack's region us-east-1; got "${arn}"`,
    );
    expect(resolveCampaign('campaignId', arn, { region: 'eu-west-2' })).toMatchObject({ campaignId: 'c-1' });
  });

  test('isArn: a string that starts with arn:', () => {
    expect(isArn('arn:aws:x')).toBe(true);
    expect(isArn('c-arn:1')).toBe(false);
    expect(isArn(7)).toBe(false);
  });

  test('environmentOf: the partition, account and region of an ARN, each only when it has one', () => {
    expect(environmentOf('arn:aws:cloudformation:us-east-1:123456789012:stack/S/1')).toEqual({
      partition: 'aws',
      account: '123456789012',
      region: 'us-east-1',
    });
    expect(environmentOf('arn:aws:s3:::bucket')).toEqual({ partition: 'aws' });
  });

  test('a campaign id with a colon keeps its colon when given by ARN', () => {
    expect(resolveCampaign('campaignId', arnIn('us-east-1', '123456789012', 'a:b')).campaignId).toBe('a:b');
  });

  test.each([
    'arn:aws:connect:us-east-1:123456789012:campaign/c-1',
    'arn:aws:connect-campaigns:us-east-1:123456789012:campaign/',
    `arn:aws:connect-campaigns:us-east-1:123456789012:campaign/${'x'.repeat(257)}`,
  ])('%p is no campaign ARN', (value) => {
    expect(() => resolveCampaign('campaignId', value)).toThrow(`campaignId must be ${FORMAT}; got `);
  });

  test("an ARN of the stack's account and region names its campaign", () => {
    expect(resolveCampaign('campaignId', arnIn('us-east-1', '123456789012'), HERE).campaignId).toBe(ID);
    expect(
      resolveCampaign('campaignId', arnIn('us-east-1', '123456789012'), { account: HERE.account }).campaignId,
    ).toBe(ID);
    expect(resolveCampaign('campaignId', arnIn('us-east-1', '123456789012'), { region: HERE.region }).campaignId).toBe(
      ID,
    );
  });

  test('an ARN of another account in the same region is rejected', () => {
    const arn = arnIn('us-east-1', '210987654321');
    expect(() => resolveCampaign('campaignId', arn, HERE)).toThrow(
      `campaignId must be the ARN of a campaign in the stack's account 123456789012 and region us-east-1; got "${arn}"`,
    );
  });
});
