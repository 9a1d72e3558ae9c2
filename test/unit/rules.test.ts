import {
  checkCampaignId,
  checkCommunicationLimitCount,
  checkConnectInstanceId,
  checkInstanceLimitCount,
  checkFrequency,
  checkInstanceLimitsHandling,
  checkMaxCountPerRecipient,
  checkRemovalPolicy,
  checkSomethingToApply,
  checkUnit,
  InvalidPropertyError,
} from '../../lib/shared/rules';

describe('shared validation rules', () => {
  test.each([
    [1, 1],
    [30, 30],
    ['7', 7],
    ['30', 30],
  ])('frequency %p is accepted as %p', (value, expected) => {
    expect(checkFrequency('f', value)).toBe(expected);
  });

  test.each([0, 31, 1.5, -1, '0', '31', '7.0', ' 7', '7 ', '7e0', '', '0x7', 'seven', true, null, undefined, NaN])(
    'frequency %p is rejected, naming the field and the value',
    (value) => {
      expect(() => checkFrequency('communicationLimits[0].frequency', value)).toThrow(InvalidPropertyError);
      expect(() => checkFrequency('communicationLimits[0].frequency', value)).toThrow(
        /^communicationLimits\[0\]\.frequency must be an integer from 1 to 30; got /,
      );
    },
  );

  test('a string value is quoted in the message, so "7 " and 7 read differently', () => {
    expect(() => checkFrequency('f', '31')).toThrow('f must be an integer from 1 to 30; got "31"');
    expect(() => checkFrequency('f', 31)).toThrow('f must be an integer from 1 to 30; got 31');
  });

  test('maxCountPerRecipient is an integer >= 1 up to the 32-bit limit', () => {
    expect(checkMaxCountPerRecipient('m', '1')).toBe(1);
    expect(checkMaxCountPerRecipient('m', 2147483647)).toBe(2147483647);
    expect(() => checkMaxCountPerRecipient('m', 0)).toThrow('m must be an integer from 1 to 2,147,483,647; got 0');
    expect(() => checkMaxCountPerRecipient('m', '2147483648')).toThrow(InvalidPropertyError);
    expect(() => checkMaxCountPerRecipient('m', '99999999999999999999')).toThrow(InvalidPropertyError);
  });

  test('unit, instance limits handling and removal policy are enums', () => {
    expect(checkUnit('u', 'DAY')).toBe('DAY');
    expect(() => checkUnit('u', 'WEEK')).toThrow('u must be one of DAY; got "WEEK"');
    expect(checkInstanceLimitsHandling('i', 'OPT_OUT')).toBe('OPT_OUT');
    expect(() => checkInstanceLimitsHandling('i', 'opt_in')).toThrow('i must be one of OPT_IN, OPT_OUT; got "opt_in"');
    expect(checkRemovalPolicy('r', 'Retain')).toBe('Retain');
    expect(() => checkRemovalPolicy('r', 'Snapshot')).toThrow(InvalidPropertyError);
  });

  test('campaign ids follow the service pattern and length', () => {
    expect(checkCampaignId('c', 'a1b2c3d4-0000-1111-2222-333344445555')).toBe('a1b2c3d4-0000-1111-2222-333344445555');
    expect(checkCampaignId('c', 'x'.repeat(256))).toHaveLength(256);
    expect(checkCampaignId('c', 'a:b/c-d')).toBe('a:b/c-d');
    for (const bad of ['', 'x'.repeat(257), 'has space', 'under_score', 'ünï', 42]) {
      expect(() => checkCampaignId('campaignId', bad)).toThrow(/^campaignId must be /);
    }
  });

  test('a one-character campaign id is a campaign id', () => {
    expect(checkCampaignId('campaignId', 'c')).toBe('c');
  });

  test('at most two limits, and something to apply', () => {
    expect(() => checkCommunicationLimitCount('communicationLimits', 2)).not.toThrow();
    expect(() => checkSomethingToApply([], 'OPT_IN')).not.toThrow();
    expect(() => checkSomethingToApply(undefined, 'OPT_IN')).not.toThrow();
    expect(() => checkSomethingToApply([{}], undefined)).not.toThrow();
  });

  test.each(['a1b2c3d4-5678-90ab-cdef-111111111111', 'i_1.x-y', 'i', 'x'.repeat(256)])(
    'instance id %p is accepted',
    (value) => {
      expect(checkConnectInstanceId('connectInstanceId', value)).toBe(value);
    },
  );

  test.each([
    ['', 'connectInstanceId must be 1 to 256 characters long; got ""'],
    ['x'.repeat(257), 'connectInstanceId must be 1 to 256 characters long; got "xxx'],
    ['a/b', `connectInstanceId must be an instance id made of a-z, A-Z, 0-9, '-', '_' and '.'; got "a/b"`],
    ['a:b', `connectInstanceId must be an instance id made of a-z, A-Z, 0-9, '-', '_' and '.'; got "a:b"`],
    [7, 'connectInstanceId must be an instance id (a string); got 7'],
    [undefined, 'connectInstanceId must be an instance id (a string); got nothing'],
  ])('instance id %p is rejected, naming the field and the value', (value, message) => {
    expect(() => checkConnectInstanceId('connectInstanceId', value)).toThrow(message);
  });

  test('an instance has 1 or 2 limits; the message names the count', () => {
    expect(() => checkInstanceLimitCount('communicationLimits', 1)).not.toThrow();
    expect(() => checkInstanceLimitCount('communicationLimits', 2)).not.toThrow();
    expect(() => checkInstanceLimitCount('communicationLimits', 0)).toThrow(
      'communicationLimits.length must be 1 or 2; got 0',
    );
    expect(() => checkInstanceLimitCount('communicationLimits', 3)).toThrow(
      'communicationLimits.length must be 1 or 2; got 3',
    );
  });
});
