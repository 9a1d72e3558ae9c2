/**
 * `cdk-connect-campaign-limits drift` (the shipped bundle) against stacks deployed by the local runner: what is
 * declared comes from the runner's CloudFormation API (DescribeStacks, GetTemplate, ListStackResources), what is live
 * from the emulator, edited out of band as the console would. The command runs with the operator's own
 * credentials, so IAM is not enforced here (the scheduled run's permissions are, in drift-schedule.test.ts).
 */
import { CfnParameter, Stack } from 'aws-cdk-lib';
import { CfnCampaign } from 'aws-cdk-lib/aws-connectcampaignsv2';
import { CampaignCommunicationLimits, CommunicationLimit, InstanceCommunicationLimits } from '../../lib';
import { runDriftCommand } from '../support/drift-command';
import { Harness, REGION, startHarness } from '../support/lifecycle-harness';

jest.setTimeout(120_000);

const A = 'aaaaaaaa-0000-1111-2222-333344445555';
const B = 'bbbbbbbb-0000-1111-2222-333344445555';
const WEEKLY: CommunicationLimit[] = [{ maxCountPerRecipient: 3, frequency: 7 }];
const CONSOLE_EDIT = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 9, frequency: 7, unit: 'DAY' as const }] },
};
const WEEKLY_OVERRIDE = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 3, frequency: 7, unit: 'DAY' }] },
};

let h: Harness;
let stackCount = 0;
let stackName: string;

beforeAll(async () => {
  h = await startHarness({}, undefined, { enforceIam: false });
});
afterAll(() => h.close());

beforeEach(() => {
  stackName = `Drift${++stackCount}`;
  for (const id of [A, B]) {
    h.emulator.removeCampaign(id);
    h.emulator.addCampaign({ id, state: 'Initialized' });
  }
  h.emulator.setFaults({});
  h.emulator.resetCalls();
});

function two(stack: Stack) {
  new CampaignCommunicationLimits(stack, 'First', { campaignId: A, communicationLimits: WEEKLY });
  new CampaignCommunicationLimits(stack, 'Second', { campaignId: B, communicationLimits: WEEKLY });
}

async function driftJson(...extra: string[]) {
  const result = await runDriftCommand(h, ['drift', '--stack', stackName, '--region', REGION, '--json', ...extra]);
  return { status: result.status, report: JSON.parse(result.stdout), stderr: result.stderr };
}

const verdicts = (report: any) => Object.fromEntries(report.rows.map((row: any) => [row.target, row.verdict]));
const override = (id: string) => h.emulator.getCampaign(id)?.communicationLimitsOverride;

test('in sync: exit 0, one DescribeCampaign per target and nothing else', async () => {
  await h.deploy(stackName, two);
  h.emulator.resetCalls();
  const { status, report } = await driftJson();
  expect(status).toBe(0);
  expect(verdicts(report)).toEqual({ [A]: 'in sync', [B]: 'in sync' });
  expect(h.emulator.calls.map((call) => call.operation)).toEqual(['DescribeCampaign', 'DescribeCampaign']);
});

test('the table: one row per construct, with its path, target, declared and live limits, state and verdict', async () => {
  await h.deploy(stackName, two);
  h.emulator.setCampaignOverride(B, CONSOLE_EDIT);
  const { status, stdout } = await runDriftCommand(h, ['drift', '--stack', stackName, '--region', REGION]);
  expect(status).toBe(1);
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toBe(`stack ${stackName} (CREATE_COMPLETE)`);
  expect(lines[2].split(/\s{2,}/)).toEqual(['construct', 'target', 'declared', 'live', 'campaign state', 'verdict']);
  expect(lines[3].split(/\s{2,}/)).toEqual([
    `${stackName}/First`,
    `campaign ${A}`,
    '3 per 7 days',
    '3 per 7 days',
    '-',
    'in sync',
  ]);
  expect(lines[4].split(/\s{2,}/)).toEqual([
    `${stackName}/Second`,
    `campaign ${B}`,
    '3 per 7 days',
    '9 per 7 days',
    'Initialized',
    'drifted',
  ]);
});

test('changed out of band: drifted, exit 1, the live limits reported, no write', async () => {
  await h.deploy(stackName, two);
  h.emulator.setCampaignOverride(A, CONSOLE_EDIT);
  h.emulator.resetCalls();
  const { status, report } = await driftJson();
  expect(status).toBe(1);
  const row = report.rows.find((r: any) => r.target === A);
  expect(row).toMatchObject({
    kind: 'campaign',
    verdict: 'drifted',
    state: 'Initialized',
    declared: WEEKLY_OVERRIDE,
    live: CONSOLE_EDIT,
  });
  expect(verdicts(report)[B]).toBe('in sync');
  expect(h.emulator.countCalls({ operation: 'UpdateCampaignCommunicationLimits' })).toBe(0);
  expect(h.emulator.countCalls({ operation: 'GetCampaignState' })).toBe(1);
});

test('override removed out of band: override missing, exit 1', async () => {
  await h.deploy(stackName, two);
  h.emulator.setCampaignOverride(A, undefined);
  const { status, report } = await driftJson();
  expect(status).toBe(1);
  expect(report.rows.find((r: any) => r.target === A)).toMatchObject({ verdict: 'override missing', live: null });
});

test('campaign deleted: target gone, exit 1', async () => {
  await h.deploy(stackName, two);
  h.emulator.removeCampaign(B);
  const { status, report } = await driftJson();
  expect(status).toBe(1);
  expect(verdicts(report)).toEqual({ [A]: 'in sync', [B]: 'target gone' });
});

test('campaign Running and drifted: reported, and not corrected even with --correct', async () => {
  await h.deploy(stackName, two);
  h.emulator.setCampaignOverride(A, CONSOLE_EDIT);
  h.emulator.setCampaignState(A, 'Running');
  h.emulator.resetCalls();
  const { status, report } = await driftJson('--correct');
  expect(status).toBe(1);
  const row = report.rows.find((r: any) => r.target === A);
  expect(row).toMatchObject({
    verdict: 'cannot correct: not Initialized',
    state: 'Running',
    correction: { corrected: false },
  });
  expect(row.correction.detail).toContain('the campaign is Running');
  expect(override(A)).toEqual(CONSOLE_EDIT);
  expect(h.emulator.countCalls({ operation: 'UpdateCampaignCommunicationLimits' })).toBe(0);
});

test('--correct re-applies the declared limits (an edit and a removed override), then all is in sync, no write', async () => {
  await h.deploy(stackName, two);
  h.emulator.setCampaignOverride(A, CONSOLE_EDIT);
  h.emulator.setCampaignOverride(B, undefined);
  const corrected = await driftJson('--correct');
  expect(corrected.status).toBe(0);
  expect(corrected.report.rows.map((r: any) => [r.verdict, r.correction?.corrected])).toEqual([
    ['drifted', true],
    ['override missing', true],
  ]);
  expect(override(A)).toEqual(WEEKLY_OVERRIDE);
  expect(override(B)).toEqual(WEEKLY_OVERRIDE);

  h.emulator.resetCalls();
  const again = await driftJson('--correct');
  expect(again.status).toBe(0);
  expect(verdicts(again.report)).toEqual({ [A]: 'in sync', [B]: 'in sync' });
  expect(h.emulator.countCalls({ operation: 'UpdateCampaignCommunicationLimits' })).toBe(0);
});

test('a stack operation in progress: neither checked nor corrected, exit 2', async () => {
  await h.deploy(stackName, two);
  h.emulator.setCampaignOverride(A, CONSOLE_EDIT);
  h.emulator.setFaults({ latencyMs: 1_500 });
  const update = h.deploy(stackName, (stack) => {
    new CampaignCommunicationLimits(stack, 'First', { campaignId: A, communicationLimits: WEEKLY });
    new CampaignCommunicationLimits(stack, 'Second', {
      campaignId: B,
      communicationLimits: [{ maxCountPerRecipient: 2, frequency: 7 }],
    });
  });
  while (h.cfn.liveStacks().find((s) => s.stackName === stackName)?.status !== 'UPDATE_IN_PROGRESS') {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const { status, report } = await driftJson('--correct');
  expect(status).toBe(2);
  expect(report).toMatchObject({ checked: false, rows: [] });
  expect(report.reason).toContain(`stack ${stackName} is UPDATE_IN_PROGRESS`);
  expect((await update).status).toBe('UPDATE_COMPLETE');
  expect(override(A)).toEqual(CONSOLE_EDIT); // the update did not touch First; the check did not correct it
});

test('CfnParameter values are read from the stack: in sync, then drift after an edit', async () => {
  const build = (stack: Stack) => {
    const campaignId = new CfnParameter(stack, 'CampaignId').valueAsString;
    const frequency = new CfnParameter(stack, 'Frequency', { type: 'Number' }).valueAsNumber;
    new CampaignCommunicationLimits(stack, 'Limits', {
      campaignId,
      communicationLimits: [{ maxCountPerRecipient: 2, frequency }],
    });
  };
  await h.deploy(stackName, build, { CampaignId: B, Frequency: '14' });
  const inSync = await driftJson();
  expect(inSync.status).toBe(0);
  expect(inSync.report.rows).toEqual([
    expect.objectContaining({
      target: B,
      verdict: 'in sync',
      declared: {
        allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 2, frequency: 14, unit: 'DAY' }] },
      },
    }),
  ]);
  h.emulator.setCampaignOverride(B, CONSOLE_EDIT);
  expect((await driftJson()).status).toBe(1);
});

test('a value CloudFormation does not tell (a NoEcho parameter) is unknown, never drift: exit 2', async () => {
  await h.deploy(
    stackName,
    (stack) => {
      const frequency = new CfnParameter(stack, 'Frequency', { type: 'Number', noEcho: true }).valueAsNumber;
      new CampaignCommunicationLimits(stack, 'Limits', {
        campaignId: A,
        communicationLimits: [{ maxCountPerRecipient: 2, frequency }],
      });
    },
    { Frequency: '14' },
  );
  h.emulator.setCampaignOverride(A, CONSOLE_EDIT);
  h.emulator.resetCalls();
  const { status, report } = await driftJson('--correct');
  expect(status).toBe(2);
  expect(report.rows).toEqual([expect.objectContaining({ verdict: 'unknown', target: A })]);
  expect(report.rows[0].reason).toContain('Ref Frequency (a NoEcho parameter)');
  expect(h.emulator.calls).toEqual([]);
});

test('a CfnCampaign of the same stack (its id from an attribute): the resource names the campaign', async () => {
  await h.deploy(stackName, (stack) => {
    const campaign = new CfnCampaign(stack, 'Outreach', {
      name: 'outreach',
      connectInstanceId: 'arn:aws:connect:us-east-1:123456789012:instance/i-1',
      channelSubtypeConfig: {},
    });
    new CampaignCommunicationLimits(stack, 'Limits', { campaign, communicationLimits: WEEKLY });
  });
  const { status, report } = await driftJson();
  expect(status).toBe(0);
  expect(report.rows).toEqual([
    expect.objectContaining({ verdict: 'in sync', target: expect.stringMatching(/^outreach/) }),
  ]);
});

test('exit 2 when the stack cannot be read; usage errors exit 2 too', async () => {
  const missing = await runDriftCommand(h, ['drift', '--stack', 'NoSuchStack', '--region', REGION]);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('could not check stack NoSuchStack: DescribeStacks failed');
  expect((await runDriftCommand(h, ['drift'])).status).toBe(2);
});

test("an instance's limits changed out of band: drifted, then --correct puts the declared limits back", async () => {
  const INSTANCE = 'a1b2c3d4-5678-90ab-cdef-111111111111';
  h.emulator.addInstance(INSTANCE);
  await h.deploy(stackName, (stack) => {
    new InstanceCommunicationLimits(stack, 'ContactCentre', {
      connectInstanceId: INSTANCE,
      communicationLimits: WEEKLY,
    });
    new CampaignCommunicationLimits(stack, 'First', { campaignId: A, communicationLimits: WEEKLY });
  });
  expect((await driftJson()).status).toBe(0);
  h.emulator.setInstanceCommunicationLimits(INSTANCE, CONSOLE_EDIT);
  const drifted = await driftJson();
  expect(drifted.status).toBe(1);
  expect(drifted.report.rows.find((r: any) => r.kind === 'instance')).toMatchObject({
    path: `${stackName}/ContactCentre`,
    target: INSTANCE,
    verdict: 'drifted',
    declared: WEEKLY_OVERRIDE,
    live: CONSOLE_EDIT,
  });
  expect((await driftJson('--correct')).status).toBe(0);
  expect(h.emulator.getInstanceCommunicationLimits(INSTANCE)).toEqual(WEEKLY_OVERRIDE);
  h.emulator.resetCalls();
  expect((await driftJson()).status).toBe(0);
  expect(h.emulator.countCalls({ operation: 'PutInstanceCommunicationLimits' })).toBe(0);
});

test('rename and change in one deploy, then a rollback: the campaign keeps the new limits, and the check reports and corrects it', async () => {
  const DAILY: CommunicationLimit[] = [{ maxCountPerRecipient: 1, frequency: 1 }];
  await h.deploy(stackName, two);
  h.emulator.setCampaignState(B, 'Running');
  const result = await h.deploy(stackName, (stack) => {
    const renamed = new CampaignCommunicationLimits(stack, 'Renamed', { campaignId: A, communicationLimits: DAILY });
    // Second's change fails (B is Running) once Renamed is created: CloudFormation rolls back and deletes Renamed.
    new CampaignCommunicationLimits(stack, 'Second', { campaignId: B, communicationLimits: DAILY }).node.addDependency(
      renamed,
    );
  });
  expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  h.emulator.setCampaignState(B, 'Initialized');
  // Renamed's Delete left A to First, which holds it and got no request: A keeps what Renamed wrote (README, "Limits
  // and known behaviour"), while the deployed template declares First's weekly limits again.
  expect(override(A)).toEqual({
    allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 1, frequency: 1, unit: 'DAY' }] },
  });
  const { status, report } = await driftJson('--correct');
  expect(status).toBe(0);
  expect(report.rows.find((r: any) => r.target === A)).toMatchObject({
    verdict: 'drifted',
    correction: { corrected: true },
  });
  expect(override(A)).toEqual(WEEKLY_OVERRIDE);
});
