/** The emulator's own API: seeding and inspecting state, the call record, listening addresses. */
import {
  ConnectCampaignsV2Client,
  DescribeCampaignCommand,
  GetCampaignStateCommand,
  ResourceNotFoundException,
  UpdateCampaignCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import {
  campaignArn,
  DEFAULT_CONNECT_INSTANCE_ID,
  startEmulator,
  type CallRecord,
  type CommunicationLimitsConfig,
  type ConnectCampaignsEmulator,
} from '../../../tools/emulator';

const OVERRIDE: CommunicationLimitsConfig = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 2, frequency: 1, unit: 'DAY' }] },
};

let emulator: ConnectCampaignsEmulator;
let client: ConnectCampaignsV2Client;
const heard: CallRecord[] = [];

beforeEach(async () => {
  heard.length = 0;
  emulator = await startEmulator({
    campaigns: [
      { id: 'c1', communicationLimitsOverride: OVERRIDE },
      { id: 'done', state: 'Completed' },
    ],
    onRequest: (call) => heard.push(call),
  });
  client = new ConnectCampaignsV2Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    maxAttempts: 1,
    endpoint: emulator.url,
  });
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
});

describe('campaign state', () => {
  test('seeds get defaults for name, instance, ARN and state', () => {
    expect(emulator.getCampaign('c1')).toEqual({
      id: 'c1',
      arn: 'arn:aws:connect-campaigns:us-east-1:123456789012:campaign/c1',
      name: 'campaign-c1',
      connectInstanceId: DEFAULT_CONNECT_INSTANCE_ID,
      state: 'Initialized',
      communicationLimitsOverride: OVERRIDE,
    });
    expect(campaignArn('x/y')).toBe('arn:aws:connect-campaigns:us-east-1:123456789012:campaign/x/y');
    expect(emulator.getCampaign('missing')).toBeUndefined();
  });

  test('getCampaign returns a deep copy, and seeds are copied too', () => {
    const seedOverride = structuredClone(OVERRIDE);
    emulator.addCampaign({ id: 'c2', communicationLimitsOverride: seedOverride });
    seedOverride.allChannelSubtypes!.communicationLimitsList[0].frequency = 9;
    const copy = emulator.getCampaign('c2')!;
    copy.state = 'Running';
    copy.communicationLimitsOverride!.allChannelSubtypes!.communicationLimitsList.push({
      maxCountPerRecipient: 1,
      frequency: 1,
      unit: 'DAY',
    });
    expect(emulator.getCampaign('c2')).toMatchObject({ state: 'Initialized', communicationLimitsOverride: OVERRIDE });
  });

  test('addCampaign, removeCampaign and setCampaignState are seen by the API', async () => {
    emulator.addCampaign({ id: 'new', state: 'Paused', name: 'New', connectInstanceId: 'inst-2' });
    const { campaign } = await client.send(new DescribeCampaignCommand({ id: 'new' }));
    expect(campaign).toMatchObject({ name: 'New', connectInstanceId: 'inst-2' });
    expect((await client.send(new GetCampaignStateCommand({ id: 'new' }))).state).toBe('Paused');

    emulator.setCampaignState('done', 'Initialized');
    await client.send(
      new UpdateCampaignCommunicationLimitsCommand({ id: 'done', communicationLimitsOverride: OVERRIDE }),
    );
    expect(emulator.getCampaign('done')?.communicationLimitsOverride).toEqual(OVERRIDE);

    expect(emulator.removeCampaign('new')).toBe(true);
    expect(emulator.removeCampaign('new')).toBe(false);
    await expect(client.send(new DescribeCampaignCommand({ id: 'new' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  test('invalid seeds and states are refused', () => {
    expect(() => emulator.addCampaign({ id: 'c1' })).toThrow('Campaign c1 already exists');
    expect(() => emulator.addCampaign({ id: 'has space' })).toThrow(/Invalid seed campaign: .*at 'id'/);
    expect(() => emulator.addCampaign({ id: 'ok', connectInstanceId: 'a/b' })).toThrow(/at 'connectInstanceId'/);
    expect(() =>
      emulator.addCampaign({
        id: 'ok',
        communicationLimitsOverride: {
          allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 1, frequency: 40, unit: 'DAY' }] },
        },
      }),
    ).toThrow(/frequency' failed to satisfy constraint/);
    expect(() => emulator.addCampaign({ id: 'ok', state: 'Draft' as 'Running' })).toThrow(
      'Unknown campaign state Draft',
    );
    expect(() => emulator.setCampaignState('missing', 'Running')).toThrow('No campaign missing');
    expect(() => emulator.setCampaignState('c1', 'Draft' as 'Running')).toThrow('Unknown campaign state Draft');
    expect(emulator.getCampaign('ok')).toBeUndefined();
  });
});

describe('call record', () => {
  test('records every request with operation, campaign, status and error type', async () => {
    await client.send(new GetCampaignStateCommand({ id: 'c1' }));
    await client
      .send(new UpdateCampaignCommunicationLimitsCommand({ id: 'done', communicationLimitsOverride: {} }))
      .catch(() => undefined);
    await client.send(new DescribeCampaignCommand({ id: 'nope' })).catch(() => undefined);

    const summary = emulator.calls.map(({ operation, campaignId, status, errorType }) => ({
      operation,
      campaignId,
      status,
      errorType,
    }));
    expect(summary).toEqual([
      { operation: 'GetCampaignState', campaignId: 'c1', status: 200, errorType: undefined },
      {
        operation: 'UpdateCampaignCommunicationLimits',
        campaignId: 'done',
        status: 409,
        errorType: 'InvalidCampaignStateException',
      },
      { operation: 'DescribeCampaign', campaignId: 'nope', status: 404, errorType: 'ResourceNotFoundException' },
    ]);
    expect(emulator.calls.every((call) => call.time instanceof Date && call.requestId.length === 36)).toBe(true);
    expect(heard).toEqual(emulator.calls);
  });

  test('countCalls filters by operation, outcome, status and campaign; resetCalls empties', async () => {
    for (const id of ['c1', 'c1', 'missing']) {
      await client.send(new GetCampaignStateCommand({ id })).catch(() => undefined);
    }
    await client.send(new DescribeCampaignCommand({ id: 'c1' }));
    expect(emulator.countCalls()).toBe(4);
    expect(emulator.countCalls({ operation: 'GetCampaignState' })).toBe(3);
    expect(emulator.countCalls({ operation: 'GetCampaignState', outcome: 'success' })).toBe(2);
    expect(emulator.countCalls({ outcome: 'error' })).toBe(1);
    expect(emulator.countCalls({ status: 404, campaignId: 'missing' })).toBe(1);
    expect(emulator.countCalls({ campaignId: 'c1', operation: 'DescribeCampaign' })).toBe(1);
    expect(emulator.countCalls({ errorType: 'ThrottlingException' })).toBe(0);

    emulator.resetCalls();
    expect(emulator.countCalls()).toBe(0);
    expect(emulator.calls).toEqual([]);
  });

  test('calls is a copy', async () => {
    await client.send(new GetCampaignStateCommand({ id: 'c1' }));
    const calls = emulator.calls as CallRecord[];
    calls[0].status = 500;
    calls.pop();
    expect(emulator.calls).toHaveLength(1);
    expect(emulator.calls[0].status).toBe(200);
  });
});

describe('listening', () => {
  test('listens on 127.0.0.1 and a free port by default', () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.url).not.toMatch(/:0$/);
  });

  test('refuses non-loopback hosts', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow('Host 0.0.0.0 is not a loopback address');
    await expect(startEmulator({ host: '192.168.1.10' })).rejects.toThrow(/not a loopback address/);
    await expect(startEmulator({ host: 'example.com' })).rejects.toThrow(/not a loopback address/);
  });

  test('a port in use is reported', async () => {
    const port = Number(new URL(emulator.url).port);
    await expect(startEmulator({ port })).rejects.toThrow(/EADDRINUSE/);
  });

  test('close stops answering and can be called twice', async () => {
    const url = emulator.url;
    await emulator.close();
    await emulator.close();
    await expect(fetch(`${url}/v2/campaigns/c1/state`)).rejects.toThrow();
  });
});
