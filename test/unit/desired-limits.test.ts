/**
 * The handler's reading of the resource properties and its two comparisons, without the SDK: what an Update
 * compares to decide to make no call (`sameDesiredLimits`), and what a campaign that is no longer Initialized must
 * already have for a request to succeed (`overrideMatches`).
 */
import type { CommunicationLimitsConfig } from '@aws-sdk/client-connectcampaignsv2';
import {
  DesiredLimits,
  overrideMatches,
  parseDesiredLimits,
  parseRemovalPolicy,
  sameDesiredLimits,
} from '../../lambda/desired-limits';
import { InvalidPropertiesError } from '../../lib/shared/rules';
import { CAMPAIGN_ID, DELIVERED, OTHER_CAMPAIGN_ID, OVERRIDE } from '../support/cfn-events';

const limit = (maxCountPerRecipient: number, frequency: number) => ({
  maxCountPerRecipient,
  frequency,
  unit: 'DAY' as const,
});
const limits = (...list: ReturnType<typeof limit>[]) => ({ allChannelSubtypes: { communicationLimitsList: list } });

describe('parseDesiredLimits', () => {
  test('reads the delivered strings into the service request, numbers as numbers', () => {
    expect(parseDesiredLimits(DELIVERED)).toStrictEqual({
      campaignId: CAMPAIGN_ID,
      override: OVERRIDE,
      removalPolicy: 'Destroy',
    });
  });

  test('an override of instanceLimitsHandling alone has no list of limits', () => {
    const { CommunicationLimits: _none, ...rest } = DELIVERED;
    expect(parseDesiredLimits({ ...rest, InstanceLimitsHandling: 'OPT_OUT' }).override).toStrictEqual({
      instanceLimitsHandling: 'OPT_OUT',
    });
  });

  test('an override of limits alone leaves instanceLimitsHandling out', () => {
    const { InstanceLimitsHandling: _none, ...rest } = DELIVERED;
    expect(parseDesiredLimits({ ...rest, RemovalPolicy: 'Retain' })).toStrictEqual({
      campaignId: CAMPAIGN_ID,
      override: limits(limit(3, 7), limit(1, 1)),
      removalPolicy: 'Retain',
    });
  });

  test.each([null, undefined, 'CampaignId', ['CampaignId']])('properties %p are read as none', (properties) => {
    expect(() => parseDesiredLimits(properties)).toThrow(InvalidPropertiesError);
    expect(() => parseDesiredLimits(properties)).toThrow('campaignId must be a campaign id');
  });

  test('a list of limits that is not a list is rejected, naming the field', () => {
    expect(() => parseDesiredLimits({ ...DELIVERED, CommunicationLimits: '3/7/DAY' })).toThrow(
      'communicationLimits must be a list of limits; got "3/7/DAY"',
    );
  });

  test.each([null, '3/7/DAY', ['3', '7', 'DAY'], 3])('a limit %p that is not an object is rejected', (value) => {
    expect(() => parseDesiredLimits({ ...DELIVERED, CommunicationLimits: [value] })).toThrow(
      /^communicationLimits\[0\] must be a limit object; got /,
    );
  });

  test('each bad field of a limit is named with its index', () => {
    const second = (change: object) => ({
      ...DELIVERED,
      CommunicationLimits: [DELIVERED.CommunicationLimits![0], { ...DELIVERED.CommunicationLimits![1], ...change }],
    });
    expect(() => parseDesiredLimits(second({ MaxCountPerRecipient: '0' }))).toThrow(
      'communicationLimits[1].maxCountPerRecipient must be an integer from 1 to 2,147,483,647; got "0"',
    );
    expect(() => parseDesiredLimits(second({ Frequency: '31' }))).toThrow(
      'communicationLimits[1].frequency must be an integer from 1 to 30; got "31"',
    );
    expect(() => parseDesiredLimits(second({ Unit: 'HOUR' }))).toThrow(
      'communicationLimits[1].unit must be one of DAY; got "HOUR"',
    );
  });

  test('no limits and no instanceLimitsHandling is nothing to apply', () => {
    expect(() => parseDesiredLimits({ CampaignId: CAMPAIGN_ID, RemovalPolicy: 'Destroy' })).toThrow(
      'communicationLimits must be 1 to 2 limits when instanceLimitsHandling is not given; got nothing',
    );
  });

  test('a removal policy other than Destroy and Retain is rejected, naming the field', () => {
    expect(() => parseDesiredLimits({ ...DELIVERED, RemovalPolicy: 'Snapshot' })).toThrow(
      'removalPolicy must be one of Destroy, Retain; got "Snapshot"',
    );
  });

  describe('the problems a request is rejected with, line for line', () => {
    // Each invalid value is named once, and no line is added for a value already found invalid: the FAILED reason
    // CloudFormation shows is these lines.

    /** The lines of the problems found, in order. */
    function problemsOf(properties: unknown): readonly string[] {
      try {
        parseDesiredLimits(properties);
      } catch (error) {
        if (error instanceof InvalidPropertiesError) return error.problems.map((problem) => problem.message);
        throw error;
      }
      throw new Error('no problem found');
    }

    test('an invalid instanceLimitsHandling is the one problem: not also "nothing to apply"', () => {
      const { CommunicationLimits: _none, ...rest } = DELIVERED;
      const problems = problemsOf({ ...rest, InstanceLimitsHandling: 'SOMETIMES' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('instanceLimitsHandling');
      expect(problems[0]).toContain('SOMETIMES');
    });

    test('communicationLimits that is not a list is the one problem: no line for entries it does not have', () => {
      const problems = problemsOf({ ...DELIVERED, CommunicationLimits: 'three a week' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('communicationLimits');
    });
  });
});

describe('parseRemovalPolicy', () => {
  test('reads the removal policy alone, whatever the rest holds', () => {
    expect(parseRemovalPolicy({ RemovalPolicy: 'Retain', CommunicationLimits: 'bad' })).toBe('Retain');
    expect(parseRemovalPolicy({ ...DELIVERED, CampaignId: '' })).toBe('Destroy');
  });

  test.each([null, undefined, 'Retain', ['Retain']])('properties %p have no removal policy', (properties) => {
    expect(() => parseRemovalPolicy(properties)).toThrow('removalPolicy must be one of Destroy, Retain; got nothing');
  });

  test('an unknown removal policy is rejected, naming the field', () => {
    expect(() => parseRemovalPolicy({ RemovalPolicy: 'Snapshot' })).toThrow(
      'removalPolicy must be one of Destroy, Retain; got "Snapshot"',
    );
  });
});

describe('overrideMatches', () => {
  const desired: CommunicationLimitsConfig = OVERRIDE;

  test('the same override matches, whatever the order of its limits', () => {
    expect(overrideMatches(OVERRIDE, desired)).toBe(true);
    expect(overrideMatches({ ...OVERRIDE, ...limits(limit(1, 1), limit(3, 7)) }, desired)).toBe(true);
  });

  test('another instanceLimitsHandling does not match, nor none', () => {
    expect(overrideMatches({ ...OVERRIDE, instanceLimitsHandling: 'OPT_OUT' }, desired)).toBe(false);
    const { instanceLimitsHandling: _none, ...withoutHandling } = OVERRIDE;
    expect(overrideMatches(withoutHandling, desired)).toBe(false);
  });

  test('an instanceLimitsHandling left unset matches any the campaign has', () => {
    const { instanceLimitsHandling: _none, ...unset } = OVERRIDE;
    expect(overrideMatches({ ...OVERRIDE, instanceLimitsHandling: 'OPT_OUT' }, unset)).toBe(true);
    expect(overrideMatches(unset, unset)).toBe(true);
  });

  test.each([
    ['another count', limits(limit(4, 7), limit(1, 1))],
    ['another frequency', limits(limit(3, 14), limit(1, 1))],
    ['one limit fewer', limits(limit(3, 7))],
    ['no limits', {}],
  ])('%s does not match', (_what, list) => {
    expect(overrideMatches({ ...list, instanceLimitsHandling: 'OPT_IN' }, desired)).toBe(false);
  });

  test('a campaign without an override matches only an override of nothing', () => {
    expect(overrideMatches(undefined, desired)).toBe(false);
    expect(overrideMatches(undefined, { instanceLimitsHandling: 'OPT_IN' })).toBe(false);
    expect(overrideMatches(undefined, {})).toBe(true);
  });
});

describe('sameDesiredLimits', () => {
  const base: DesiredLimits = { campaignId: CAMPAIGN_ID, override: OVERRIDE, removalPolicy: 'Destroy' };

  test('the same request, or one that differs only in the removal policy or the order of its limits, is the same', () => {
    expect(sameDesiredLimits(base, { ...base })).toBe(true);
    expect(sameDesiredLimits(base, { ...base, removalPolicy: 'Retain' })).toBe(true);
    expect(sameDesiredLimits(base, { ...base, override: { ...OVERRIDE, ...limits(limit(1, 1), limit(3, 7)) } })).toBe(
      true,
    );
  });

  test('another campaign is another request, with the same limits', () => {
    expect(sameDesiredLimits(base, { ...base, campaignId: OTHER_CAMPAIGN_ID })).toBe(false);
  });

  test('another instanceLimitsHandling is another request, and so is setting or unsetting it', () => {
    const { instanceLimitsHandling: _none, ...unset } = OVERRIDE;
    expect(sameDesiredLimits(base, { ...base, override: { ...OVERRIDE, instanceLimitsHandling: 'OPT_OUT' } })).toBe(
      false,
    );
    expect(sameDesiredLimits(base, { ...base, override: unset })).toBe(false);
    expect(sameDesiredLimits({ ...base, override: unset }, base)).toBe(false);
  });

  test('other limits are another request', () => {
    expect(sameDesiredLimits(base, { ...base, override: { ...OVERRIDE, ...limits(limit(3, 14), limit(1, 1)) } })).toBe(
      false,
    );
    expect(sameDesiredLimits(base, { ...base, override: { ...OVERRIDE, ...limits(limit(3, 7)) } })).toBe(false);
  });
});
