/**
 * At synth, every problem of one construct is reported at once, in one error: one line per problem, each of the one
 * shape `<path>: <field> must be <expected>; got <the value as given>`.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CampaignCommunicationLimits, CommunicationLimitTimeUnit, InstanceLimitsHandling } from '../../lib';
import { InvalidPropertiesError } from '../../lib/shared/rules';

const LINE = /^Stack\/Limits: [\w.[\]() /-]+ must be .+; got .+$/;

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was rejected');
}

test('all problems of one construct in one error, one line each', () => {
  const stack = new Stack(new App(), 'Stack');
  const error = errorOf(
    () =>
      new CampaignCommunicationLimits(stack, 'Limits', {
        campaignId: 'campaign one',
        communicationLimits: [
          { maxCountPerRecipient: 0, frequency: 31 },
          { maxCountPerRecipient: 2 ** 31, frequency: NaN, unit: 'WEEK' as CommunicationLimitTimeUnit },
          { maxCountPerRecipient: 1, frequency: 1 },
        ],
        instanceLimitsHandling: 'YES' as InstanceLimitsHandling,
        removalPolicy: RemovalPolicy.SNAPSHOT,
      }),
  );
  expect(error).toBeInstanceOf(InvalidPropertiesError);
  const lines = error.message.split('\n');
  expect(lines).toEqual([
    `Stack/Limits: campaignId must be a campaign id made of a-z, A-Z, 0-9, '-', ':' and '/'; got "campaign one"`,
    'Stack/Limits: communicationLimits.length must be at most 2; got 3',
    'Stack/Limits: communicationLimits[0].maxCountPerRecipient must be an integer from 1 to 2,147,483,647; got 0',
    'Stack/Limits: communicationLimits[0].frequency must be an integer from 1 to 30; got 31',
    'Stack/Limits: communicationLimits[1].maxCountPerRecipient must be an integer from 1 to 2,147,483,647; got 2147483648',
    'Stack/Limits: communicationLimits[1].frequency must be an integer from 1 to 30; got NaN',
    'Stack/Limits: communicationLimits[1].unit must be one of DAY; got "WEEK"',
    'Stack/Limits: instanceLimitsHandling must be one of OPT_IN, OPT_OUT; got "YES"',
    'Stack/Limits: removalPolicy must be RemovalPolicy.DESTROY or RemovalPolicy.RETAIN; got "snapshot"',
  ]);
  for (const line of lines) expect(line).toMatch(LINE);
  // Nothing half-applied: a rejected construct adds no provider to the stack.
  expect(stack.node.tryFindChild('ConnectCampaignCommunicationLimitsProvider')).toBeUndefined();
});

test.each([
  [
    'neither campaignId nor campaign',
    { communicationLimits: [{ maxCountPerRecipient: 1, frequency: 1 }] },
    'campaignId or campaign must be given, one of the two; got "neither"',
  ],
  [
    'nothing to apply',
    { campaignId: 'c-1' },
    'communicationLimits must be 1 to 2 limits when instanceLimitsHandling is not given; got nothing',
  ],
])('%s: one line of the one shape', (_what, props, message) => {
  const error = errorOf(() => new CampaignCommunicationLimits(new Stack(new App(), 'Stack'), 'Limits', props));
  expect(error.message).toBe(`Stack/Limits: ${message}`);
  expect(error.message).toMatch(LINE);
});
