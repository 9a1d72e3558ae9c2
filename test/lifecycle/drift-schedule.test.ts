/**
 * `CommunicationLimitsDriftCheck` through the local runner with IAM enforced: the schedule is deployed as a modelled
 * `AWS::Scheduler::Schedule`, fired as EventBridge Scheduler would fire it (its role invoking the stack's existing
 * handler with the constant input), and the handler's run is observed in the emulator, in its log lines and in the
 * PutMetricData it sends to the loopback CloudWatch endpoint.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { CampaignCommunicationLimits, CommunicationLimit, CommunicationLimitsDriftCheck } from '../../lib';
import { DRIFT_METRIC } from '../../lib/shared/drift-contract';
import { Harness, startHarness } from '../support/lifecycle-harness';

jest.setTimeout(120_000);

const A = 'aaaaaaaa-0000-1111-2222-333344445555';
const B = 'bbbbbbbb-0000-1111-2222-333344445555';
const WEEKLY: CommunicationLimit[] = [{ maxCountPerRecipient: 3, frequency: 7 }];
const WEEKLY_OVERRIDE = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 3, frequency: 7, unit: 'DAY' }] },
};
const CONSOLE_EDIT = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 9, frequency: 7, unit: 'DAY' as const }] },
};

let h: Harness;
let stackCount = 0;
let stackName: string;
const logs: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  h = await startHarness({}, undefined, {
    logLevel: 'INFO',
    onLambdaLog: ({ line }) => {
      if (line.startsWith('{')) logs.push(JSON.parse(line));
    },
  });
});
afterAll(() => h.close());

beforeEach(() => {
  stackName = `Scheduled${++stackCount}`;
  for (const id of [A, B]) {
    h.emulator.removeCampaign(id);
    h.emulator.addCampaign({ id, state: 'Initialized' });
  }
  h.emulator.resetCalls();
  logs.length = 0;
});

// IAM is enforced: no run may have needed a permission the handler (or the scheduler's role) lacked.
afterEach(() => expect(h.denials()).toEqual([]));

function withCheck(correct: boolean) {
  return (stack: Stack) => {
    new CampaignCommunicationLimits(stack, 'First', { campaignId: A, communicationLimits: WEEKLY });
    new CampaignCommunicationLimits(stack, 'Second', { campaignId: B, communicationLimits: WEEKLY });
    new CommunicationLimitsDriftCheck(stack, 'DriftCheck', { schedule: Duration.hours(6), correct });
  };
}

/** Fires the stack's schedule; resolves with the handler's answer. */
async function fire() {
  const schedule = h.cfn.scheduleList().find((s) => s.stackName === stackName)!;
  const result = await h.cfn.fireSchedule(stackName, schedule.logicalId);
  expect(result.functionError).toBeUndefined();
  return JSON.parse(result.payload);
}

const published = () => h.metrics.received().filter((d) => d.dimensions[DRIFT_METRIC.stackDimension] === stackName);
const driftLines = () => logs.filter((l) => l.message === 'Drifted');

test('the schedule invokes the existing handler with a constant input; in sync: metric 0, no write', async () => {
  expect((await h.deploy(stackName, withCheck(false))).status).toBe('CREATE_COMPLETE');
  const [schedule] = h.cfn.scheduleList().filter((s) => s.stackName === stackName);
  const handler = Object.values(h.cfn.stack(stackName)!.resources).filter((r) => r.type === 'AWS::Lambda::Function');
  expect(handler.map((r) => r.attributes.Arn)).toContain(schedule.targetArn);
  expect(schedule.expression).toBe('rate(6 hours)');
  expect(JSON.parse(schedule.input!)).toEqual({
    DriftCheck: { StackId: h.cfn.stack(stackName)!.stackId, Correct: false },
  });

  h.emulator.resetCalls();
  expect(await fire()).toMatchObject({ stackName, checked: true, targets: 2, drifted: 0 });
  expect(published()).toEqual([
    {
      namespace: DRIFT_METRIC.namespace,
      metricName: DRIFT_METRIC.metricName,
      dimensions: { StackName: stackName },
      value: 0,
      unit: 'Count',
    },
  ]);
  expect(h.emulator.calls.map((c) => c.operation)).toEqual(['DescribeCampaign', 'DescribeCampaign']);
  expect(driftLines()).toEqual([]);
});

test('changed out of band: one structured line per drifted target, the metric counts it, nothing corrected', async () => {
  await h.deploy(stackName, withCheck(false));
  h.emulator.setCampaignOverride(A, CONSOLE_EDIT);
  h.emulator.setCampaignOverride(B, undefined);
  h.emulator.resetCalls();
  expect(await fire()).toMatchObject({ drifted: 2, corrected: 0 });
  expect(published().map((d) => d.value)).toEqual([2]);
  expect(driftLines()).toEqual([
    expect.objectContaining({
      level: 'WARN',
      construct: `${stackName}/First`,
      campaign: A,
      verdict: 'drifted',
      declared: WEEKLY_OVERRIDE,
      live: CONSOLE_EDIT,
    }),
    expect.objectContaining({
      construct: `${stackName}/Second`,
      campaign: B,
      verdict: 'override missing',
      live: 'none',
    }),
  ]);
  expect(h.emulator.getCampaign(A)?.communicationLimitsOverride).toEqual(CONSOLE_EDIT);
  expect(h.emulator.countCalls({ operation: 'UpdateCampaignCommunicationLimits' })).toBe(0);
});

test('correct: true re-applies the declared limits, except on a campaign that is Running', async () => {
  await h.deploy(stackName, withCheck(true));
  h.emulator.setCampaignOverride(A, CONSOLE_EDIT);
  h.emulator.setCampaignOverride(B, CONSOLE_EDIT);
  h.emulator.setCampaignState(B, 'Running');
  expect(await fire()).toMatchObject({ drifted: 2, corrected: 1 });
  expect(h.emulator.getCampaign(A)?.communicationLimitsOverride).toEqual(WEEKLY_OVERRIDE);
  expect(h.emulator.getCampaign(B)?.communicationLimitsOverride).toEqual(CONSOLE_EDIT);
  expect(driftLines().map((l) => [l.campaign, l.verdict, l.correction])).toEqual([
    [A, 'drifted', 'corrected: the declared limits were re-applied'],
    [B, 'cannot correct: not Initialized', expect.stringContaining('not corrected: the campaign is Running')],
  ]);
  h.emulator.setCampaignState(B, 'Initialized');
});

test('a stack without the check gets no schedule', async () => {
  await h.deploy(stackName, (stack) => {
    new CampaignCommunicationLimits(stack, 'First', { campaignId: A, communicationLimits: WEEKLY });
  });
  expect(h.cfn.scheduleList().filter((s) => s.stackName === stackName)).toEqual([]);
});
