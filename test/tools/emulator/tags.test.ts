/**
 * TagResource / UntagResource and the tags in DescribeCampaign, through the real SDK client, as the service model
 * defines them (TagKey 1..128 of `^(?!aws:)[a-zA-Z+-=._:/]+$`, TagValue 0..256; the resource named by its ARN), and
 * the IAM check on the campaign ARN.
 */
import {
  AccessDeniedException,
  ConnectCampaignsV2Client,
  DescribeCampaignCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  ValidationException,
} from '@aws-sdk/client-connectcampaignsv2';
import {
  AuthorizationRequest,
  campaignArn,
  startEmulator,
  type ConnectCampaignsEmulator,
} from '../../../tools/emulator';

const ID = 'aaaaaaaa-0000-1111-2222-333344445555';
const ARN = campaignArn(ID);
const clientOptions = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 };

let emulator: ConnectCampaignsEmulator;
let client: ConnectCampaignsV2Client;
const asked: AuthorizationRequest[] = [];
let allowTags = true;

beforeAll(async () => {
  emulator = await startEmulator({
    campaigns: [{ id: ID }],
    authorize: (request) => {
      asked.push(request);
      return allowTags || !/(TagResource|UntagResource)$/.test(request.action);
    },
  });
  client = new ConnectCampaignsV2Client({ ...clientOptions, endpoint: emulator.url });
});
afterAll(async () => {
  client.destroy();
  await emulator.close();
});

test('tags are added, shown by DescribeCampaign, and removed by key', async () => {
  await client.send(new TagResourceCommand({ arn: ARN, tags: { team: 'one', 'app:owner': 'x' } }));
  await client.send(new TagResourceCommand({ arn: ARN, tags: { team: 'two' } }));
  expect((await client.send(new DescribeCampaignCommand({ id: ID }))).campaign?.tags).toEqual({
    team: 'two',
    'app:owner': 'x',
  });
  await client.send(new UntagResourceCommand({ arn: ARN, tagKeys: ['team', 'absent'] }));
  expect(emulator.getCampaign(ID)?.tags).toEqual({ 'app:owner': 'x' });
  await client.send(new UntagResourceCommand({ arn: ARN, tagKeys: ['app:owner'] }));
  expect(emulator.getCampaign(ID)?.tags).toBeUndefined();
});

test('the IAM check is on the campaign ARN, for the tag actions too', async () => {
  asked.length = 0;
  await client.send(new TagResourceCommand({ arn: ARN, tags: { a: 'b' } }));
  expect(asked.map((r) => [r.action, r.resource])).toEqual([['connect-campaigns:TagResource', ARN]]);
  allowTags = false;
  try {
    await expect(client.send(new UntagResourceCommand({ arn: ARN, tagKeys: ['a'] }))).rejects.toBeInstanceOf(
      AccessDeniedException,
    );
  } finally {
    allowTags = true;
  }
});

test.each([
  ['a key with the reserved aws: prefix', { 'aws:owner': 'x' }],
  ['a key over 128 characters', { ['k'.repeat(129)]: 'x' }],
  ['a value over 256 characters', { k: 'v'.repeat(257) }],
])('TagResource refuses %s', async (_case, tags) => {
  await expect(client.send(new TagResourceCommand({ arn: ARN, tags }))).rejects.toBeInstanceOf(ValidationException);
});

test('a 256-character value is accepted; an unknown ARN is not found', async () => {
  await client.send(new TagResourceCommand({ arn: ARN, tags: { k: 'v'.repeat(256) } }));
  await expect(
    client.send(new TagResourceCommand({ arn: campaignArn('ffffffff-0000-1111-2222-333344445555'), tags: { k: 'v' } })),
  ).rejects.toBeInstanceOf(ResourceNotFoundException);
});
