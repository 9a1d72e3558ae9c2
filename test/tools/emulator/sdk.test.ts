/** The real SDK client against the emulator: wire format, deserialised outputs and exception classes. */
import {
  AccessDeniedException,
  ConflictException,
  ConnectCampaignsV2Client,
  ConnectCampaignsV2ServiceException,
  DeleteCampaignCommunicationLimitsCommand,
  DescribeCampaignCommand,
  GetCampaignStateCommand,
  GetInstanceCommunicationLimitsCommand,
  InternalServerException,
  InvalidCampaignStateException,
  PutInstanceCommunicationLimitsCommand,
  ResourceNotFoundException,
  StartCampaignCommand,
  ThrottlingException,
  UpdateCampaignCommunicationLimitsCommand,
  ValidationException,
} from '@aws-sdk/client-connectcampaignsv2';
import { startEmulator, type CommunicationLimitsConfig, type ConnectCampaignsEmulator } from '../../../tools/emulator';

const OVERRIDE: CommunicationLimitsConfig = {
  allChannelSubtypes: {
    communicationLimitsList: [
      { maxCountPerRecipient: 3, frequency: 7, unit: 'DAY' },
      { maxCountPerRecipient: 10, frequency: 30, unit: 'DAY' },
    ],
  },
  instanceLimitsHandling: 'OPT_OUT',
};

const clientOptions = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  maxAttempts: 1,
};

let emulator: ConnectCampaignsEmulator;
let client: ConnectCampaignsV2Client;

beforeEach(async () => {
  emulator = await startEmulator({
    campaigns: [
      { id: 'fresh', name: 'Fresh', connectInstanceId: 'instance-1' },
      { id: 'running', state: 'Running' },
      { id: 'arn-like:a/b', communicationLimitsOverride: OVERRIDE },
    ],
  });
  client = new ConnectCampaignsV2Client({ ...clientOptions, endpoint: emulator.url });
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
});

describe('successful calls', () => {
  test('Update then Describe returns the override; Delete removes it', async () => {
    await client.send(
      new UpdateCampaignCommunicationLimitsCommand({ id: 'fresh', communicationLimitsOverride: OVERRIDE }),
    );
    const described = await client.send(new DescribeCampaignCommand({ id: 'fresh' }));
    expect(described.campaign).toEqual({
      id: 'fresh',
      arn: 'arn:aws:connect-campaigns:us-east-1:123456789012:campaign/fresh',
      name: 'Fresh',
      connectInstanceId: 'instance-1',
      communicationLimitsOverride: OVERRIDE,
    });

    await client.send(new DeleteCampaignCommunicationLimitsCommand({ id: 'fresh', config: 'ALL_CHANNEL_SUBTYPES' }));
    const after = await client.send(new DescribeCampaignCommand({ id: 'fresh' }));
    expect(after.campaign).not.toHaveProperty('communicationLimitsOverride');
    expect(emulator.getCampaign('fresh')?.communicationLimitsOverride).toBeUndefined();
  });

  test('Update replaces the whole override', async () => {
    const replacement: CommunicationLimitsConfig = { instanceLimitsHandling: 'OPT_IN' };
    await client.send(
      new UpdateCampaignCommunicationLimitsCommand({ id: 'arn-like:a/b', communicationLimitsOverride: replacement }),
    );
    expect(emulator.getCampaign('arn-like:a/b')?.communicationLimitsOverride).toEqual(replacement);
  });

  test('Delete is idempotent on a campaign without override', async () => {
    await client.send(new DeleteCampaignCommunicationLimitsCommand({ id: 'fresh', config: 'ALL_CHANNEL_SUBTYPES' }));
    await client.send(new DeleteCampaignCommunicationLimitsCommand({ id: 'fresh', config: 'ALL_CHANNEL_SUBTYPES' }));
    expect(emulator.countCalls({ operation: 'DeleteCampaignCommunicationLimits', outcome: 'success' })).toBe(2);
  });

  test('ids with "/" and ":" travel URL-encoded and are decoded', async () => {
    const described = await client.send(new DescribeCampaignCommand({ id: 'arn-like:a/b' }));
    expect(described.campaign?.id).toBe('arn-like:a/b');
    expect(described.campaign?.communicationLimitsOverride).toEqual(OVERRIDE);
    expect(emulator.calls[0]).toMatchObject({ path: '/v2/campaigns/arn-like%3Aa%2Fb', campaignId: 'arn-like:a/b' });
  });

  test('GetCampaignState follows setCampaignState', async () => {
    expect((await client.send(new GetCampaignStateCommand({ id: 'fresh' }))).state).toBe('Initialized');
    emulator.setCampaignState('fresh', 'Paused');
    expect((await client.send(new GetCampaignStateCommand({ id: 'fresh' }))).state).toBe('Paused');
  });

  test('Put and Get instance communication limits', async () => {
    const empty = await client.send(new GetInstanceCommunicationLimitsCommand({ connectInstanceId: 'instance-1' }));
    expect(empty.communicationLimitsConfig).toBeUndefined();

    const limits = { allChannelSubtypes: OVERRIDE.allChannelSubtypes };
    await client.send(
      new PutInstanceCommunicationLimitsCommand({ connectInstanceId: 'instance-1', communicationLimitsConfig: limits }),
    );
    const got = await client.send(new GetInstanceCommunicationLimitsCommand({ connectInstanceId: 'instance-1' }));
    expect(got.communicationLimitsConfig).toEqual(limits);
    expect(emulator.getInstanceCommunicationLimits('instance-1')).toEqual(limits);
    expect(emulator.getInstanceCommunicationLimits('instance-2')).toBeUndefined();
  });

  test('an empty instance configuration is stored as such: Get then answers an empty configuration', async () => {
    const limits = { allChannelSubtypes: OVERRIDE.allChannelSubtypes };
    const put = (communicationLimitsConfig: object) =>
      client.send(
        new PutInstanceCommunicationLimitsCommand({ connectInstanceId: 'instance-3', communicationLimitsConfig }),
      );
    await put(limits);
    await put({});
    const got = await client.send(new GetInstanceCommunicationLimitsCommand({ connectInstanceId: 'instance-3' }));
    expect(got.communicationLimitsConfig).toEqual({});
    expect(emulator.getInstanceCommunicationLimits('instance-3')).toEqual({});
  });
});

describe('instances set up for outbound campaigns', () => {
  test('with an instance list, an unknown or removed instance answers ResourceNotFoundException', async () => {
    const scoped = await startEmulator({ instances: ['known'] });
    const scopedClient = new ConnectCampaignsV2Client({ ...clientOptions, endpoint: scoped.url });
    try {
      const put = (connectInstanceId: string) =>
        scopedClient.send(
          new PutInstanceCommunicationLimitsCommand({ connectInstanceId, communicationLimitsConfig: {} }),
        );
      await expect(put('known')).resolves.toBeDefined();
      await expect(put('unknown')).rejects.toBeInstanceOf(ResourceNotFoundException);
      await expect(
        scopedClient.send(new GetInstanceCommunicationLimitsCommand({ connectInstanceId: 'unknown' })),
      ).rejects.toBeInstanceOf(ResourceNotFoundException);
      scoped.addInstance('unknown');
      await expect(put('unknown')).resolves.toBeDefined();
      expect(scoped.removeInstance('known')).toBe(true);
      await expect(put('known')).rejects.toBeInstanceOf(ResourceNotFoundException);
      expect(scoped.getInstanceCommunicationLimits('known')).toBeUndefined();
    } finally {
      scopedClient.destroy();
      await scoped.close();
    }
  });
});

describe('errors arrive as the SDK exception classes', () => {
  test('ValidationException with the constraint in the message', async () => {
    const override = {
      allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 1, frequency: 31, unit: 'DAY' }] },
    } as CommunicationLimitsConfig;
    const error = await client
      .send(new UpdateCampaignCommunicationLimitsCommand({ id: 'fresh', communicationLimitsOverride: override }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).message).toBe(
      "1 validation error detected: Value '31' at 'communicationLimitsOverride.allChannelSubtypes" +
        ".communicationLimitsList.1.member.frequency' failed to satisfy constraint: " +
        'Member must have value less than or equal to 30',
    );
    expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
    expect(emulator.getCampaign('fresh')?.communicationLimitsOverride).toBeUndefined();
  });

  test('validation comes before the existence check', async () => {
    await expect(
      client.send(
        new DeleteCampaignCommunicationLimitsCommand({ id: 'nope', config: 'OTHER' as 'ALL_CHANNEL_SUBTYPES' }),
      ),
    ).rejects.toBeInstanceOf(ValidationException);
  });

  test('ResourceNotFoundException for an unknown campaign', async () => {
    const error = await client.send(new DescribeCampaignCommand({ id: 'missing' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).message).toBe('Resource not found');
    await expect(client.send(new GetCampaignStateCommand({ id: 'missing' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  test.each(['Running', 'Paused', 'Stopped', 'Completed', 'Failed'] as const)(
    'InvalidCampaignStateException with state for Update and Delete on a %s campaign',
    async (state) => {
      emulator.setCampaignState('arn-like:a/b', state);
      const update = await client
        .send(new UpdateCampaignCommunicationLimitsCommand({ id: 'arn-like:a/b', communicationLimitsOverride: {} }))
        .catch((e: unknown) => e);
      const remove = await client
        .send(new DeleteCampaignCommunicationLimitsCommand({ id: 'arn-like:a/b', config: 'ALL_CHANNEL_SUBTYPES' }))
        .catch((e: unknown) => e);
      for (const error of [update, remove]) {
        expect(error).toBeInstanceOf(InvalidCampaignStateException);
        expect((error as InvalidCampaignStateException).state).toBe(state);
        expect((error as InvalidCampaignStateException).$metadata.httpStatusCode).toBe(409);
      }
      expect(emulator.getCampaign('arn-like:a/b')?.communicationLimitsOverride).toEqual(OVERRIDE);
    },
  );

  test('Conflict, Throttling, InternalServer and AccessDenied exceptions from failNext', async () => {
    const cases = [
      ['ConflictException', ConflictException, 409],
      ['ThrottlingException', ThrottlingException, 429],
      ['InternalServerException', InternalServerException, 500],
      ['AccessDeniedException', AccessDeniedException, 403],
    ] as const;
    for (const [name, type, status] of cases) {
      emulator.failNext({ operation: 'UpdateCampaignCommunicationLimits', error: name });
      const error = await client
        .send(new UpdateCampaignCommunicationLimitsCommand({ id: 'fresh', communicationLimitsOverride: OVERRIDE }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expect((error as ConnectCampaignsV2ServiceException).$metadata.httpStatusCode).toBe(status);
    }
    expect(emulator.getCampaign('fresh')?.communicationLimitsOverride).toBeUndefined();
  });

  test('an operation the emulator does not serve is a 404 UnknownOperationException', async () => {
    const error = await client.send(new StartCampaignCommand({ id: 'fresh' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectCampaignsV2ServiceException);
    expect((error as ConnectCampaignsV2ServiceException).name).toBe('UnknownOperationException');
    expect((error as ConnectCampaignsV2ServiceException).$metadata.httpStatusCode).toBe(404);
  });
});

test('the SDK finds the emulator through AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2', async () => {
  const saved = process.env.AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2;
  process.env.AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2 = emulator.url;
  const envClient = new ConnectCampaignsV2Client(clientOptions);
  try {
    const { state } = await envClient.send(new GetCampaignStateCommand({ id: 'running' }));
    expect(state).toBe('Running');
    expect(emulator.countCalls({ operation: 'GetCampaignState', campaignId: 'running' })).toBe(1);
  } finally {
    envClient.destroy();
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2;
    else process.env.AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2 = saved;
  }
});
