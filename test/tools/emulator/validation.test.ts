/** Model-based request validation: constraint messages, and the raw restJson1 error answers. */
import { startEmulator, type ConnectCampaignsEmulator } from '../../../tools/emulator';
import { ServiceError } from '../../../tools/emulator/errors';
import { validateRequest, type RequestInput } from '../../../tools/emulator/validation';

const LIMIT_PATH = 'communicationLimitsOverride.allChannelSubtypes.communicationLimitsList';
const FAILED = 'failed to satisfy constraint:';

function updateInput(body: unknown, id = 'c1'): RequestInput {
  return { labels: { id }, query: new URLSearchParams(), body: JSON.stringify(body) };
}

/** The ValidationException message for an UpdateCampaignCommunicationLimits request, or `undefined` if valid. */
function updateError(body: unknown, id?: string): string | undefined {
  try {
    validateRequest('UpdateCampaignCommunicationLimits', updateInput(body, id));
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).type).toBe('ValidationException');
    return (error as ServiceError).message;
  }
}

const withLimits = (...limits: unknown[]) => ({
  communicationLimitsOverride: { allChannelSubtypes: { communicationLimitsList: limits } },
});

describe('UpdateCampaignCommunicationLimits input', () => {
  test('a valid override passes and is returned parsed', () => {
    const body = {
      communicationLimitsOverride: {
        ...withLimits({ maxCountPerRecipient: 1, frequency: 1, unit: 'DAY' }).communicationLimitsOverride,
        instanceLimitsHandling: 'OPT_IN',
      },
    };
    expect(validateRequest('UpdateCampaignCommunicationLimits', updateInput(body))).toEqual(body);
    expect(updateError({ communicationLimitsOverride: {} })).toBeUndefined();
    expect(updateError(withLimits())).toBeUndefined();
  });

  test('frequency above 30', () => {
    expect(updateError(withLimits({ maxCountPerRecipient: 2, frequency: 31, unit: 'DAY' }))).toBe(
      `1 validation error detected: Value '31' at '${LIMIT_PATH}.1.member.frequency' failed to satisfy constraint: ` +
        'Member must have value less than or equal to 30',
    );
  });

  test('maxCountPerRecipient below 1 and frequency below 1, in the second entry', () => {
    const ok = { maxCountPerRecipient: 1, frequency: 1, unit: 'DAY' };
    expect(updateError(withLimits(ok, { maxCountPerRecipient: 0, frequency: 0, unit: 'DAY' }))).toBe(
      '2 validation errors detected: ' +
        `Value '0' at '${LIMIT_PATH}.2.member.maxCountPerRecipient' ${FAILED} ` +
        'Member must have value greater than or equal to 1; ' +
        `Value '0' at '${LIMIT_PATH}.2.member.frequency' ${FAILED} Member must have value greater than or equal to 1`,
    );
  });

  test.each([
    ['a string', '3'],
    ['a fraction', 2.5],
    ['a boolean', true],
    ['beyond 32 bits', 2 ** 31],
  ])('maxCountPerRecipient that is %s is not an integer', (_label, value) => {
    expect(updateError(withLimits({ maxCountPerRecipient: value, frequency: 1, unit: 'DAY' }))).toContain(
      `at '${LIMIT_PATH}.1.member.maxCountPerRecipient' failed to satisfy constraint: Member must be an integer`,
    );
  });

  test('all three members of a limit are required', () => {
    expect(updateError(withLimits({}))).toBe(
      '3 validation errors detected: ' +
        ['maxCountPerRecipient', 'frequency', 'unit']
          .map((m) => `Value null at '${LIMIT_PATH}.1.member.${m}' ${FAILED} Member must not be null`)
          .join('; '),
    );
  });

  test('unit must be DAY', () => {
    expect(updateError(withLimits({ maxCountPerRecipient: 1, frequency: 1, unit: 'WEEK' }))).toContain(
      `Value 'WEEK' at '${LIMIT_PATH}.1.member.unit' ${FAILED} Member must satisfy enum value set: [DAY]`,
    );
  });

  test('at most 2 limits', () => {
    const limit = { maxCountPerRecipient: 1, frequency: 1, unit: 'DAY' };
    expect(updateError(withLimits(limit, limit, limit))).toMatch(
      new RegExp(
        `^1 validation error detected: Value '.*' at '${LIMIT_PATH}' ${FAILED} ` +
          'Member must have length less than or equal to 2$',
      ),
    );
  });

  test('a null list entry is rejected', () => {
    expect(updateError(withLimits(null))).toContain(
      `Value null at '${LIMIT_PATH}.1.member' ${FAILED} Member must not be null`,
    );
  });

  test('instanceLimitsHandling must be OPT_IN or OPT_OUT', () => {
    expect(updateError({ communicationLimitsOverride: { instanceLimitsHandling: 'opt_in' } })).toBe(
      "1 validation error detected: Value 'opt_in' at 'communicationLimitsOverride.instanceLimitsHandling' " +
        'failed to satisfy constraint: Member must satisfy enum value set: [OPT_IN, OPT_OUT]',
    );
  });

  test('the union needs exactly one member set', () => {
    expect(updateError({ communicationLimitsOverride: { allChannelSubtypes: {} } })).toBe(
      "1 validation error detected: Value '{}' at 'communicationLimitsOverride.allChannelSubtypes' " +
        'failed to satisfy constraint: Union must have exactly one member set',
    );
  });

  test('unknown members are rejected at every level', () => {
    expect(updateError({ communicationLimitsOverride: {}, extra: 1 })).toContain(
      "Value '1' at 'extra' failed to satisfy constraint: Member is not defined in the model",
    );
    expect(updateError({ communicationLimitsOverride: { perChannel: {} } })).toContain(
      "at 'communicationLimitsOverride.perChannel' failed to satisfy constraint: Member is not defined in the model",
    );
    const message = updateError({
      communicationLimitsOverride: { allChannelSubtypes: { communicationLimitsList: [], other: [] } },
    });
    expect(message).toContain(
      `at 'communicationLimitsOverride.allChannelSubtypes.other' ${FAILED} Member is not defined in the model`,
    );
    expect(message).toContain('Union must have exactly one member set');
    expect(updateError(withLimits({ maxCountPerRecipient: 1, frequency: 1, unit: 'DAY', note: 'x' }))).toContain(
      `Value 'x' at '${LIMIT_PATH}.1.member.note' failed to satisfy constraint: Member is not defined in the model`,
    );
  });

  test('communicationLimitsOverride is required and must be a structure', () => {
    expect(updateError({})).toBe(
      `1 validation error detected: Value null at 'communicationLimitsOverride' ${FAILED} Member must not be null`,
    );
    expect(updateError({ communicationLimitsOverride: null })).toContain('Member must not be null');
    expect(updateError({ communicationLimitsOverride: [] })).toContain(
      "Value '[]' at 'communicationLimitsOverride' failed to satisfy constraint: Member must be a structure",
    );
  });

  test('body that is not a JSON object', () => {
    const call = (body: string) => () =>
      validateRequest('UpdateCampaignCommunicationLimits', { ...updateInput({}), body });
    expect(call('[]')).toThrow('Request body must be a JSON object');
    expect(call('"text"')).toThrow('Request body must be a JSON object');
    expect(call('{not json')).toThrow('Request body is not valid JSON');
  });

  test.each([
    ['', 'Member must have length greater than or equal to 1'],
    ['x'.repeat(257), 'Member must have length less than or equal to 256'],
    ['bad id', 'Member must satisfy regular expression pattern: ^[-:/a-zA-Z0-9]+$'],
  ])('campaign id %#', (id, constraint) => {
    expect(updateError({ communicationLimitsOverride: {} }, id)).toContain(`at 'id' ${FAILED} ${constraint}`);
  });

  test('a campaign id with "/" and ":" is valid', () => {
    expect(updateError({ communicationLimitsOverride: {} }, 'arn:aws/x-1')).toBeUndefined();
  });
});

describe('other operations', () => {
  test('DeleteCampaignCommunicationLimits needs config=ALL_CHANNEL_SUBTYPES', () => {
    const del = (query: string) => () =>
      validateRequest('DeleteCampaignCommunicationLimits', {
        labels: { id: 'c1' },
        query: new URLSearchParams(query),
        body: '',
      });
    expect(del('config=ALL_CHANNEL_SUBTYPES')).not.toThrow();
    expect(del('')).toThrow(
      "1 validation error detected: Value null at 'config' failed to satisfy constraint: Member must not be null",
    );
    expect(del('config=TELEPHONY')).toThrow(
      `Value 'TELEPHONY' at 'config' ${FAILED} Member must satisfy enum value set: [ALL_CHANNEL_SUBTYPES]`,
    );
  });

  test('PutInstanceCommunicationLimits has no instanceLimitsHandling and checks the instance id', () => {
    const put = (connectInstanceId: string, body: unknown) => () =>
      validateRequest('PutInstanceCommunicationLimits', {
        labels: { connectInstanceId },
        query: new URLSearchParams(),
        body: JSON.stringify(body),
      });
    expect(put('instance-1', { communicationLimitsConfig: {} })).not.toThrow();
    expect(put('instance-1', { communicationLimitsConfig: { instanceLimitsHandling: 'OPT_IN' } })).toThrow(
      `at 'communicationLimitsConfig.instanceLimitsHandling' ${FAILED} Member is not defined in the model`,
    );
    expect(put('instance-1', {})).toThrow("Value null at 'communicationLimitsConfig'");
    expect(put('a:b', { communicationLimitsConfig: {} })).toThrow(
      `Value 'a:b' at 'connectInstanceId' ${FAILED} Member must satisfy regular expression pattern: ^[-_.a-zA-Z0-9]+$`,
    );
  });
});

describe('raw HTTP answers', () => {
  let emulator: ConnectCampaignsEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ campaigns: [{ id: 'c1' }] });
  });
  afterAll(() => emulator.close());

  test('a validation error is a restJson1 400 with x-amzn-ErrorType and a request id', async () => {
    const response = await fetch(`${emulator.url}/v2/campaigns/c1/communication-limits`, {
      method: 'POST',
      body: JSON.stringify(withLimits({ maxCountPerRecipient: '3', frequency: 1, unit: 'DAY' })),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await response.json()) as { message: string };
    expect(body.message).toContain(`Value '3' at '${LIMIT_PATH}.1.member.maxCountPerRecipient'`);
  });

  test('a non-object body is a ValidationException', async () => {
    const response = await fetch(`${emulator.url}/v2/campaigns/c1/communication-limits`, {
      method: 'POST',
      body: '[1]',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'Request body must be a JSON object' });
  });

  test('malformed percent-encoding in a label is a ValidationException', async () => {
    const response = await fetch(`${emulator.url}/v2/campaigns/c%ZZ1/state`);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(emulator.calls.at(-1)).toMatchObject({ operation: 'GetCampaignState', errorType: 'ValidationException' });
  });

  test('an unknown path or method is a 404 UnknownOperationException', async () => {
    for (const [method, path] of [
      ['GET', '/v2/campaigns'],
      ['PUT', '/v2/campaigns/c1'],
      ['GET', '/v2/campaigns/c1/communication-limits'],
      ['POST', '/v2/campaigns/c1/start'],
    ]) {
      const response = await fetch(`${emulator.url}${path}`, { method });
      expect(response.status).toBe(404);
      expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
      expect(await response.json()).toEqual({ message: `Unknown operation: ${method} ${path}` });
    }
  });

  test('a successful mutation answers 200 with an empty body', async () => {
    const response = await fetch(`${emulator.url}/v2/campaigns/c1/communication-limits?config=ALL_CHANNEL_SUBTYPES`, {
      method: 'DELETE',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});
