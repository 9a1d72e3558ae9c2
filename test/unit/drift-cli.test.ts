/**
 * The drift command's entry point (lambda/drift/cli.ts `main`) in process, against mocked SDK clients: its usage
 * errors, what it prints for each outcome (table, JSON, an error), its exit status, and the options it passes on;
 * and, in a child process, the module run as a script (the arguments and the exit status it hands `main`). The bundled
 * command is run end to end in test/lifecycle/drift-command.test.ts.
 */
import {
  CloudFormationClient,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  ConnectCampaignsV2Client,
  DescribeCampaignCommand,
  GetCampaignStateCommand,
  UpdateCampaignCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { main } from '../../lambda/drift/cli';
import { runDriftSource } from '../support/drift-command';

const campaigns = mockClient(ConnectCampaignsV2Client);
const stacks = mockClient(CloudFormationClient);
const A = 'aaaaaaaa-0000-1111-2222-333344445555';
const USAGE = 'usage: cdk-connect-campaign-limits drift --stack <name> [--region <region>] [--correct] [--json]\n';
const WEEKLY = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 3, frequency: 7, unit: 'DAY' as const }] },
};
const EDITED = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 9, frequency: 7, unit: 'DAY' as const }] },
};

function stackIs(status = 'UPDATE_COMPLETE') {
  stacks.on(DescribeStacksCommand, { StackName: 'Outreach' }, true).resolves({
    Stacks: [
      { StackId: 'arn:stack/Outreach', StackName: 'Outreach', StackStatus: status as never, CreationTime: new Date() },
    ],
  });
  const limits = {
    Type: 'Custom::ConnectCampaignCommunicationLimits',
    Properties: {
      CampaignId: A,
      CommunicationLimits: [{ MaxCountPerRecipient: 3, Frequency: 7, Unit: 'DAY' }],
      RemovalPolicy: 'Destroy',
    },
  };
  stacks.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify({ Resources: { Limits: limits } }) });
  stacks.on(ListStackResourcesCommand).resolves({
    StackResourceSummaries: [
      {
        LogicalResourceId: 'Limits',
        PhysicalResourceId: A,
        ResourceType: limits.Type,
        ResourceStatus: 'CREATE_COMPLETE',
        LastUpdatedTimestamp: new Date(),
      },
    ],
  });
}

/** Runs the command and returns its exit status and what it wrote to stdout and stderr. */
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0),
  ];
  try {
    const status = await main(argv);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}

beforeEach(() => {
  campaigns.reset();
  stacks.reset();
});

// An operator's shell has a region (the command refuses to start without one); the clients are mocked.
const regionBefore = process.env.AWS_REGION;
beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
});
afterAll(() => {
  if (regionBefore === undefined) delete process.env.AWS_REGION;
  else process.env.AWS_REGION = regionBefore;
});

describe('usage', () => {
  test('--help prints the usage and exits 0', async () => {
    await expect(run('--help')).resolves.toEqual({ status: 0, stdout: USAGE, stderr: '' });
  });

  test.each([[[]], [['drift']], [['check', '--stack', 'Outreach']], [['drift', 'more', '--stack', 'Outreach']]])(
    '%j is a usage error: exit 2, the usage on stderr, nothing read',
    async (argv) => {
      await expect(run(...argv)).resolves.toEqual({ status: 2, stdout: '', stderr: USAGE });
      expect(stacks.calls()).toHaveLength(0);
    },
  );

  test('an unknown option is named, then the usage: exit 2', async () => {
    const { status, stdout, stderr } = await run('drift', '--stack', 'Outreach', '--fix');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("Unknown option '--fix'");
    expect(stderr.endsWith(`\n${USAGE}`)).toBe(true);
  });
});

describe('a check', () => {
  test('in sync: the table on stdout, exit 0, no write', async () => {
    stackIs();
    campaigns
      .on(DescribeCampaignCommand, { id: A }, true)
      .resolves({ campaign: { communicationLimitsOverride: WEEKLY } as never });
    const { status, stdout, stderr } = await run('drift', '--stack', 'Outreach');
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n')[0]).toBe('stack Outreach (UPDATE_COMPLETE)');
    expect(stdout).toMatch(/Limits +campaign aaaaaaaa-\S+ +3 per 7 days +3 per 7 days +- +in sync\n$/);
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 0);
  });

  test('--json prints the report as JSON, with the exit status; drift exits 1', async () => {
    stackIs();
    campaigns.on(DescribeCampaignCommand).resolves({ campaign: { communicationLimitsOverride: EDITED } as never });
    campaigns.on(GetCampaignStateCommand).resolves({ state: 'Initialized' });
    const { status, stdout } = await run('drift', '--stack', 'Outreach', '--json');
    expect(status).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({
      stack: { stackName: 'Outreach' },
      checked: true,
      rows: [{ logicalId: 'Limits', verdict: 'drifted' }],
      exitStatus: 1,
    });
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 0);
  });

  test('--correct re-applies the declared limits to a drifted campaign and exits 0', async () => {
    stackIs();
    campaigns.on(DescribeCampaignCommand).resolves({ campaign: { communicationLimitsOverride: EDITED } as never });
    campaigns.on(GetCampaignStateCommand).resolves({ state: 'Initialized' });
    campaigns
      .on(UpdateCampaignCommunicationLimitsCommand, { id: A, communicationLimitsOverride: WEEKLY }, true)
      .resolves({});
    const { status, stdout } = await run('drift', '--stack', 'Outreach', '--correct');
    expect(status).toBe(0);
    expect(stdout).toContain('drifted; corrected: the declared limits were re-applied');
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 1);
  });

  test('--region is the region of both clients', async () => {
    stackIs();
    campaigns.on(DescribeCampaignCommand).resolves({ campaign: { communicationLimitsOverride: WEEKLY } as never });
    await run('drift', '--stack', 'Outreach', '--region', 'eu-west-2');
    const clientOf = (call: { thisValue: unknown }) =>
      call.thisValue as { config: { region: () => Promise<string>; maxAttempts: () => Promise<number> } };
    for (const call of [stacks.call(0), campaigns.call(0)]) {
      await expect(clientOf(call).config.region()).resolves.toBe('eu-west-2');
      // Retries are the handler's own (retry.ts): the SDK makes one attempt.
      await expect(clientOf(call).config.maxAttempts()).resolves.toBe(1);
    }
  });

  test('a stack that cannot be read: the error on stderr, exit 2', async () => {
    stacks
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack with id Outreach does not exist'), { name: 'ValidationError' }));
    const { status, stdout, stderr } = await run('drift', '--stack', 'Outreach');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'could not check stack Outreach: DescribeStacks failed for stack Outreach: ValidationError: Stack with id Outreach does not exist\n',
    );
  });

  test('the same with --json: the error as JSON on stdout, exit 2', async () => {
    stacks.on(DescribeStacksCommand).rejects(Object.assign(new Error('denied'), { name: 'ValidationError' }));
    const { status, stdout, stderr } = await run('drift', '--stack', 'Outreach', '--json');
    expect(status).toBe(2);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({
      error: 'could not check stack Outreach: DescribeStacks failed for stack Outreach: ValidationError: denied',
      exitStatus: 2,
    });
  });
});

describe('the command run as a script', () => {
  test('without a region anywhere, it says to give --region: exit 2', async () => {
    const result = await runDriftSource(['drift', '--stack', 'Outreach']);
    expect(result.stderr).toBe(
      "could not check stack Outreach: no AWS region: give --region <region>, or set AWS_REGION or your profile's region\n",
    );
    expect(result.status).toBe(2);
  }, 60_000);

  test('passes its own arguments to main and exits with the status main answers', async () => {
    const result = await runDriftSource(['drift', '--stack', 'Outreach', '--region', 'us-east-1']);
    expect(result.stderr).toMatch(/^could not check stack Outreach: DescribeStacks failed for stack Outreach: /);
    expect(result.stderr).not.toContain('usage:');
    expect(result.status).toBe(2);
  }, 60_000);
});
