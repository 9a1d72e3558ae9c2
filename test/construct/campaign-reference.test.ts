/**
 * A `CampaignCommunicationLimits` given `campaign`: a campaign made elsewhere, referenced by a literal ARN (not a
 * `CfnCampaign` of this app). Its id goes to the handler, its ARN to IAM, and it is claimed by id in the ARN's own
 * environment; an ARN of another environment, or a reference whose "ARN" is not one, is rejected.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { CampaignCommunicationLimits } from '../../lib';

const ID = 'a1b2c3d4-0000-1111-2222-333344445555';
const ARN = `arn:aws:connect-campaigns:us-east-1:123456789012:campaign/${ID}`;
const LIMITS = [{ maxCountPerRecipient: 3, frequency: 7 }];
const TYPE = 'Custom::ConnectCampaignCommunicationLimits';

/** A campaign made elsewhere, referenced by a literal ARN. */
class ImportedCampaign extends Construct {
  public readonly campaignRef: { campaignArn: string };
  public readonly env = { account: '123456789012', region: 'us-east-1' };

  constructor(scope: Construct, id: string, campaignArn: string) {
    super(scope, id);
    this.campaignRef = { campaignArn };
  }
}

function newStack(app = new App(), id = 'Limits'): Stack {
  return new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' } });
}

function limitsOn(stack: Stack, campaignArn: string, id = 'Limits') {
  const campaign = new ImportedCampaign(stack, `${id}Campaign`, campaignArn);
  return new CampaignCommunicationLimits(stack, id, { campaign, communicationLimits: LIMITS });
}

test('the id goes to the handler and is exposed; the ARN is exposed and goes to IAM', () => {
  const stack = newStack();
  const limits = limitsOn(stack, ARN);
  const template = Template.fromStack(stack);
  template.hasResourceProperties(TYPE, { CampaignId: ID });
  expect(limits.campaignId).toBe(ID);
  expect(limits.campaignArn).toBe(ARN);
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyName: Match.stringLikeRegexp('^ConnectCampaignLimits-'),
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Resource: ARN })]) },
  });
});

test('in an environment-agnostic stack, the ARN goes to the handler whole (it checks it at deploy time)', () => {
  const stack = new Stack(new App(), 'Agnostic');
  const arn = `arn:aws:connect-campaigns:eu-west-2:210987654321:campaign/${ID}`;
  const limits = limitsOn(stack, arn);
  Template.fromStack(stack).hasResourceProperties(TYPE, { CampaignId: arn });
  expect(limits.campaignId).toBe(ID);
});

test('the referenced campaign is claimed by its id: a second construct naming the id is rejected', () => {
  const stack = newStack();
  limitsOn(stack, ARN);
  expect(
    () => new CampaignCommunicationLimits(stack, 'Again', { campaignId: ID, communicationLimits: LIMITS }),
  ).toThrow(
    `Limits/Again: campaignId must be a campaign that no other CampaignCommunicationLimits manages (Limits/Limits ` +
      `does; they would undo each other); got "${ID}"`,
  );
});

test('a second reference to the same campaign is rejected, naming the prop and the reference', () => {
  const stack = newStack();
  limitsOn(stack, ARN);
  expect(() => limitsOn(stack, ARN, 'Again')).toThrow(
    'Limits/Again: campaign must be a campaign that no other CampaignCommunicationLimits manages (Limits/Limits ' +
      'does; they would undo each other); got "Limits/AgainCampaign"',
  );
});

test('it is claimed in the environment of its ARN, not of the stack', () => {
  const app = new App();
  const agnostic = new Stack(app, 'Agnostic');
  const campaign = new ImportedCampaign(
    agnostic,
    'Campaign',
    `arn:aws:connect-campaigns:eu-west-2:123456789012:campaign/${ID}`,
  );
  new CampaignCommunicationLimits(agnostic, 'Limits', { campaign, communicationLimits: LIMITS });
  // The same id in us-east-1 is another campaign.
  expect(
    () =>
      new CampaignCommunicationLimits(newStack(app, 'Virginia'), 'Limits', {
        campaignId: ID,
        communicationLimits: LIMITS,
      }),
  ).not.toThrow();
});

test("an ARN of another region than the stack's is rejected, naming the prop", () => {
  const arn = `arn:aws:connect-campaigns:eu-west-2:123456789012:campaign/${ID}`;
  expect(() => limitsOn(newStack(), arn)).toThrow(
    `Limits/Limits: campaign must be the ARN of a campaign in the stack's account 123456789012 and region us-east-1; got "${arn}"`,
  );
});

test('a reference whose campaignArn is an id, not an ARN, is rejected with a rule error, not a crash', () => {
  const stack = newStack();
  expect(() => limitsOn(stack, ID)).toThrow(
    `Limits/Limits: campaign must be a reference whose campaignArn is a campaign ARN ` +
      `(arn:<partition>:connect-campaigns:<region>:<account>:campaign/<id>); got "${ID}"`,
  );
  expect(stack.node.tryFindChild('ConnectCampaignCommunicationLimitsProvider')).toBeUndefined();
});
