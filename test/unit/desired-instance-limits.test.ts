/**
 * The instance resource's properties as the handler reads them (lambda/desired-instance-limits.ts): what each bad
 * or missing field makes it say, one line per problem, and what it compares to skip an Update that changes nothing.
 */
import { parseDesiredInstanceLimits, sameDesiredInstanceLimits } from '../../lambda/desired-instance-limits';
import { InvalidPropertiesError } from '../../lib/shared/rules';

const INSTANCE_ID = 'a1b2c3d4-5678-90ab-cdef-111111111111';
const LIMIT = { MaxCountPerRecipient: '5', Frequency: '7', Unit: 'DAY' };
const VALID = { ConnectInstanceId: INSTANCE_ID, CommunicationLimits: [LIMIT], RemovalPolicy: 'Retain' };

/** The lines of the InvalidPropertiesError that parsing `properties` throws. */
function problemsOf(properties: unknown): string[] {
  try {
    parseDesiredInstanceLimits(properties);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPropertiesError);
    return (error as Error).message.split('\n');
  }
  throw new Error('parsed without a problem');
}

describe('parseDesiredInstanceLimits', () => {
  test('reads the delivered strings into the configuration to put, and the removal policy', () => {
    expect(parseDesiredInstanceLimits(VALID)).toEqual({
      connectInstanceId: INSTANCE_ID,
      config: {
        allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 5, frequency: 7, unit: 'DAY' }] },
      },
      removalPolicy: 'Retain',
    });
  });

  test.each([undefined, null, 'ConnectInstanceId'])(
    'properties %p are read as none: every field is missing',
    (properties) => {
      expect(problemsOf(properties)).toEqual([
        'connectInstanceId must be an instance id (a string); got nothing',
        'communicationLimits.length must be 1 or 2; got 0',
        'removalPolicy must be one of Destroy, Retain; got nothing',
      ]);
    },
  );

  test('no list of limits is a list of none: one problem, its length', () => {
    const { CommunicationLimits: _none, ...rest } = VALID;
    expect(problemsOf(rest)).toEqual(['communicationLimits.length must be 1 or 2; got 0']);
  });

  test('a list of limits that is not a list is named as such, and counts as none', () => {
    expect(problemsOf({ ...VALID, CommunicationLimits: 'garbage' })).toEqual([
      'communicationLimits must be a list of limits; got "garbage"',
      'communicationLimits.length must be 1 or 2; got 0',
    ]);
  });
});

describe('sameDesiredInstanceLimits', () => {
  const base = parseDesiredInstanceLimits({ ...VALID, CommunicationLimits: [LIMIT, { ...LIMIT, Frequency: '1' }] });

  test('the same instance and limits, in any order and whatever the removal policy, is the same request', () => {
    const reordered = parseDesiredInstanceLimits({
      ...VALID,
      CommunicationLimits: [{ ...LIMIT, Frequency: '1' }, LIMIT],
      RemovalPolicy: 'Destroy',
    });
    expect(sameDesiredInstanceLimits(base, reordered)).toBe(true);
  });

  test('another instance with the same limits is another request', () => {
    expect(
      sameDesiredInstanceLimits(base, { ...base, connectInstanceId: 'b2c3d4e5-5678-90ab-cdef-222222222222' }),
    ).toBe(false);
  });

  test('other limits on the same instance are another request', () => {
    const other = parseDesiredInstanceLimits({ ...VALID, CommunicationLimits: [LIMIT] });
    expect(sameDesiredInstanceLimits(base, other)).toBe(false);
  });
});
