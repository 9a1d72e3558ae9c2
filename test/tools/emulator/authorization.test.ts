/** The optional authorizer: who signed, what is asked, and the service's 403 AccessDeniedException when refused. */
import * as http from 'node:http';
import {
  AccessDeniedException,
  ConnectCampaignsV2Client,
  DeleteCampaignCommunicationLimitsCommand,
  DescribeCampaignCommand,
  GetInstanceCommunicationLimitsCommand,
  UpdateCampaignCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import {
  accessKeyIdOf,
  campaignArn,
  signingRegionOf,
  startEmulator,
  type AuthorizationDecision,
  type AuthorizationRequest,
  type CommunicationLimitsConfig,
  type ConnectCampaignsEmulator,
} from '../../../tools/emulator';

const OVERRIDE: CommunicationLimitsConfig = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 2, frequency: 1, unit: 'DAY' }] },
};
const ROLE = 'arn:aws:sts::123456789012:assumed-role/HandlerRole/handler-fn';

let emulator: ConnectCampaignsEmulator;
const asked: AuthorizationRequest[] = [];
let decide: (request: AuthorizationRequest) => AuthorizationDecision;

const client = (accessKeyId: string, region = 'us-east-1') =>
  new ConnectCampaignsV2Client({
    region,
    credentials: { accessKeyId, secretAccessKey: 'secret' },
    maxAttempts: 1,
    endpoint: emulator.url,
  });

beforeEach(async () => {
  asked.length = 0;
  decide = () => true;
  emulator = await startEmulator({
    campaigns: [{ id: 'c1', communicationLimitsOverride: OVERRIDE }],
    authorize: (request) => {
      asked.push(request);
      return decide(request);
    },
  });
});

afterEach(() => emulator.close());

test('the authorizer gets the access key id, the action and the campaign ARN (in the signing region)', async () => {
  await client('AKIDALLOWED').send(new DescribeCampaignCommand({ id: 'c1' }));
  await client('AKIDOTHER', 'eu-west-2').send(new DescribeCampaignCommand({ id: 'c1' }));
  await client('AKIDALLOWED').send(new GetInstanceCommunicationLimitsCommand({ connectInstanceId: 'i-1' }));
  expect(asked).toEqual([
    {
      accessKeyId: 'AKIDALLOWED',
      action: 'connect-campaigns:DescribeCampaign',
      resource: 'arn:aws:connect-campaigns:us-east-1:123456789012:campaign/c1',
      operation: 'DescribeCampaign',
    },
    expect.objectContaining({
      accessKeyId: 'AKIDOTHER',
      resource: 'arn:aws:connect-campaigns:eu-west-2:123456789012:campaign/c1',
    }),
    expect.objectContaining({ action: 'connect-campaigns:GetInstanceCommunicationLimits', resource: '*' }),
  ]);
});

test('a refused call is a 403 AccessDeniedException with IAM message, and changes nothing', async () => {
  decide = (request) => ({
    allowed: request.action !== 'connect-campaigns:DeleteCampaignCommunicationLimits',
    principalArn: ROLE,
  });
  const error = await client('AKIDX')
    .send(new DeleteCampaignCommunicationLimitsCommand({ id: 'c1', config: 'ALL_CHANNEL_SUBTYPES' }))
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AccessDeniedException);
  const denied = error as AccessDeniedException;
  expect(denied.$metadata.httpStatusCode).toBe(403);
  expect(denied.message).toBe(
    `User: ${ROLE} is not authorized to perform: connect-campaigns:DeleteCampaignCommunicationLimits on resource: ` +
      `${campaignArn('c1')} because no identity-based policy allows the connect-campaigns:DeleteCampaignCommunicationLimits action`,
  );
  expect(emulator.getCampaign('c1')?.communicationLimitsOverride).toEqual(OVERRIDE);
  expect(
    emulator.countCalls({ operation: 'DeleteCampaignCommunicationLimits', errorType: 'AccessDeniedException' }),
  ).toBe(1);
  // Other actions still go through.
  await client('AKIDX').send(
    new UpdateCampaignCommunicationLimitsCommand({ id: 'c1', communicationLimitsOverride: {} }),
  );
  expect(emulator.getCampaign('c1')?.communicationLimitsOverride).toEqual({});
});

test('restJson1 on the wire: x-amzn-ErrorType and a JSON message; an unsigned request has no access key', async () => {
  decide = () => false;
  const answer = await new Promise<{ status?: number; type?: string | string[]; body: string }>((resolve, reject) => {
    const request = http.request(`${emulator.url}/v2/campaigns/c1`, { method: 'GET' }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode, type: response.headers['x-amzn-errortype'], body }),
      );
    });
    request.on('error', reject);
    request.end();
  });
  expect(answer.status).toBe(403);
  expect(answer.type).toBe('AccessDeniedException');
  expect(JSON.parse(answer.body)).toEqual({
    message:
      `User: anonymous (access key none) is not authorized to perform: connect-campaigns:DescribeCampaign on ` +
      `resource: ${campaignArn('c1')} because no identity-based policy allows the connect-campaigns:DescribeCampaign action`,
  });
  expect(asked[0].accessKeyId).toBeUndefined();
});

test('an explicit deny is named as such', async () => {
  decide = () => ({ allowed: false, principalArn: ROLE, explicitDeny: true });
  await expect(client('AKIDX').send(new DescribeCampaignCommand({ id: 'c1' }))).rejects.toThrow(
    `User: ${ROLE} is not authorized to perform: connect-campaigns:DescribeCampaign on resource: ${campaignArn('c1')} with an explicit deny in an identity-based policy`,
  );
});

test('accountId and region options place the campaigns', async () => {
  const elsewhere = await startEmulator({
    campaigns: [{ id: 'c2' }],
    accountId: '210987654321',
    region: 'cn-north-1',
    authorize: (request) => {
      asked.push(request);
      return true;
    },
  });
  try {
    expect(elsewhere.getCampaign('c2')?.arn).toBe('arn:aws-cn:connect-campaigns:cn-north-1:210987654321:campaign/c2');
    const response = await fetch(`${elsewhere.url}/v2/campaigns/c2`);
    expect(response.status).toBe(200);
    expect(asked.at(-1)?.resource).toBe('arn:aws-cn:connect-campaigns:cn-north-1:210987654321:campaign/c2');
  } finally {
    await elsewhere.close();
  }
});

test('SigV4 header parsing', () => {
  const header =
    'AWS4-HMAC-SHA256 Credential=ASIA0123456789ABCDEF/20250101/us-west-2/connect-campaigns/aws4_request, ' +
    'SignedHeaders=host;x-amz-date, Signature=abc';
  expect(accessKeyIdOf(header)).toBe('ASIA0123456789ABCDEF');
  expect(signingRegionOf(header)).toBe('us-west-2');
  expect(accessKeyIdOf(undefined)).toBeUndefined();
  expect(accessKeyIdOf('Bearer token')).toBeUndefined();
});
