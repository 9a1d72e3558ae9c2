/**
 * The handler's campaign policy (lib/campaign-permissions.ts) in the cases permissions.test.ts leaves out: a campaign
 * of this app named by its resource, several token ids, the wildcard's one warning, and the name and logical id that
 * the policy's content gives it.
 */
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CfnCampaign } from 'aws-cdk-lib/aws-connectcampaignsv2';
import { CampaignCommunicationLimits } from '../../lib';

const LIMITS = [{ maxCountPerRecipient: 1, frequency: 1 }];
const PERMISSIONS_PATH = '/Limits/ConnectCampaignCommunicationLimitsProvider/CampaignPermissions';
const WILDCARD = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':connect-campaigns:us-east-1:123456789012:campaign/*']],
};

function newStack(): Stack {
  return new Stack(new App(), 'Limits', { env: { account: '123456789012', region: 'us-east-1' } });
}

function campaignPolicy(stack: Stack): [string, any] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
    Properties: { PolicyName: Match.stringLikeRegexp('^ConnectCampaignLimits-') },
  });
  expect(Object.keys(policies)).toHaveLength(1);
  return Object.entries(policies)[0];
}

test('a CfnCampaign of the app is granted by its own ARN, not by the wildcard, though its id is a token', () => {
  const stack = newStack();
  const outreach = new CfnCampaign(stack, 'Campaign', {
    name: 'outreach',
    connectInstanceId: '11111111-2222-3333-4444-555555555555',
    channelSubtypeConfig: {
      telephony: {
        outboundMode: { agentlessConfig: {} },
        defaultOutboundConfig: { connectContactFlowId: 'contact-flow-id' },
      },
    },
  });
  new CampaignCommunicationLimits(stack, 'Limits', { campaign: outreach, communicationLimits: LIMITS });
  const [, policy] = campaignPolicy(stack);
  expect(policy.Properties.PolicyDocument.Statement[0].Resource).toEqual({ Ref: stack.getLogicalId(outreach) });
  expect(Annotations.fromStack(stack).findInfo('*', Match.stringLikeRegexp('every campaign'))).toHaveLength(0);
});

test('several campaign ids from tokens: one wildcard, and one note naming the first', () => {
  const stack = newStack();
  for (const id of ['First', 'Second']) {
    new CampaignCommunicationLimits(stack, id, {
      campaignId: new CfnParameter(stack, `${id}Id`).valueAsString,
      communicationLimits: LIMITS,
    });
  }
  const [, policy] = campaignPolicy(stack);
  expect(policy.Properties.PolicyDocument.Statement[0].Resource).toEqual(WILDCARD);
  const notes = Annotations.fromStack(stack).findInfo(PERMISSIONS_PATH, Match.stringLikeRegexp('every campaign'));
  expect(notes.map((note) => note.entry.data)).toEqual([
    'The handler may call its connect-campaigns actions on every campaign of this account and region: ' +
      'Limits/First takes its campaignId from a token',
  ]);
});

test('past the budget, the wildcard is warned about once, however many campaigns follow', () => {
  const stack = newStack();
  for (let i = 0; i < 120; i++) {
    new CampaignCommunicationLimits(stack, `Limits${i}`, {
      campaignId: `${String(i).padStart(8, '0')}-0000-1111-2222-333344445555`,
      communicationLimits: LIMITS,
    });
  }
  const warnings = Annotations.fromStack(stack).findWarning(PERMISSIONS_PATH, Match.stringLikeRegexp('larger than'));
  expect(warnings).toHaveLength(1);
  const [, policy] = campaignPolicy(stack);
  expect(policy.Properties.PolicyDocument.Statement[0].Resource).toEqual(WILDCARD);
});

test('the policy is named, and its logical id ends, with the same eight hex digits of its campaigns', () => {
  const stack = newStack();
  new CampaignCommunicationLimits(stack, 'Limits', {
    campaignId: 'a1b2c3d4-0000-1111-2222-333344445555',
    communicationLimits: LIMITS,
  });
  const [logicalId, policy] = campaignPolicy(stack);
  const name: string = policy.Properties.PolicyName;
  expect(name).toMatch(/^ConnectCampaignLimits-[0-9A-F]{8}$/);
  expect(logicalId.endsWith(name.slice(-8))).toBe(true);
  expect(logicalId).toMatch(
    /^ConnectCampaignCommunicationLimitsProviderCampaignPermissionsPolicy[0-9A-F]{8}[0-9A-F]{8}$/,
  );
});
