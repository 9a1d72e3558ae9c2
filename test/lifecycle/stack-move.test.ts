/**
 * Moving a CampaignCommunicationLimits from one stack to another of the same app, through the local runner. The
 * claim check allows one construct per campaign in an app, so the construct cannot be in both stacks at once. The
 * procedure the README gives: (1) set `removalPolicy: RETAIN` on it in the old stack and deploy that stack; (2) move
 * it to the new stack and deploy both, in either order. The old stack's Delete then leaves the override alone, and the
 * new stack's Create applies it again: the campaign keeps its limits throughout, and the new stack owns them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CampaignCommunicationLimits, CampaignCommunicationLimitsProps } from '../../lib';
import { ACCOUNT, Harness, REGION, startHarness } from '../support/lifecycle-harness';

jest.setTimeout(180_000);

const MOVED = 'aaaaaaaa-0000-1111-2222-333344445555';
const STAYS = 'bbbbbbbb-0000-1111-2222-333344445555';
const OTHER = 'cccccccc-0000-1111-2222-333344445555';
const WEEKLY = [{ maxCountPerRecipient: 3, frequency: 7 }];
const APPLIED = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 3, frequency: 7, unit: 'DAY' }] },
};

let h: Harness;
let round = 0;
const outdirs: string[] = [];

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  for (const dir of outdirs) fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  round++;
  for (const id of [MOVED, STAYS, OTHER]) {
    h.emulator.removeCampaign(id);
    h.emulator.addCampaign({ id, state: 'Initialized' });
  }
  h.emulator.resetCalls();
});

afterEach(() => expect(h.denials()).toEqual([]));

const override = (id: string) => h.emulator.getCampaign(id)?.communicationLimitsOverride;

/**
 * One app of two stacks, each with limits on a campaign of its own (a stack needs a resource), and whichever stack
 * `movedIn` names holds the construct that moves, with `moved` props.
 */
function synthApp(movedIn: 'old' | 'new', moved: Partial<CampaignCommunicationLimitsProps> = {}): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-move-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  const env = { account: ACCOUNT, region: REGION };
  const oldStack = new Stack(app, `Old${round}`, { env });
  const newStack = new Stack(app, `New${round}`, { env });
  new CampaignCommunicationLimits(oldStack, 'Stays', { campaignId: STAYS, communicationLimits: WEEKLY });
  new CampaignCommunicationLimits(newStack, 'Other', { campaignId: OTHER, communicationLimits: WEEKLY });
  new CampaignCommunicationLimits(movedIn === 'old' ? oldStack : newStack, 'Moved', {
    campaignId: MOVED,
    communicationLimits: WEEKLY,
    ...moved,
  });
  app.synth();
  return outdir;
}

async function deploy(assemblyDir: string, ...stacks: Array<'old' | 'new'>): Promise<string[]> {
  const statuses: string[] = [];
  for (const which of stacks) {
    const stackName = which === 'old' ? `Old${round}` : `New${round}`;
    statuses.push((await h.cfn.deploy({ assemblyDir, stackName })).status);
  }
  return statuses;
}

test('the construct cannot be in both stacks of one app at once (why the old advice could not be followed)', () => {
  const app = new App();
  const env = { account: ACCOUNT, region: REGION };
  const props = { campaignId: MOVED, communicationLimits: WEEKLY };
  new CampaignCommunicationLimits(new Stack(app, 'Old', { env }), 'Moved', props);
  expect(() => new CampaignCommunicationLimits(new Stack(app, 'New', { env }), 'Moved', props)).toThrow(
    'New/Moved: campaignId must be a campaign that no other CampaignCommunicationLimits manages (Old/Moved does',
  );
});

describe.each([
  ['new stack first', ['new', 'old'] as const],
  ['old stack first', ['old', 'new'] as const],
])('RETAIN, deploy; then move and deploy both stacks, %s', (_order, order) => {
  test('the campaign keeps its limits, and the new stack owns them', async () => {
    expect(await deploy(synthApp('old'), 'old', 'new')).toEqual(['CREATE_COMPLETE', 'CREATE_COMPLETE']);
    expect(override(MOVED)).toEqual(APPLIED);

    // 1. RETAIN in the old stack, deployed: no API call (only the removal policy changed).
    h.emulator.resetCalls();
    expect(await deploy(synthApp('old', { removalPolicy: RemovalPolicy.RETAIN }), 'old')).toEqual(['UPDATE_COMPLETE']);
    expect(h.writes()).toBe(0);

    // 2. Moved to the new stack (its removal policy as the new stack wants it), both deployed. Deployed first, the
    // new stack's Create fails at once: the old stack still manages the campaign (its owner tags); deployed again
    // after the old stack has let it go, it takes the campaign over.
    if (order[0] === 'new') {
      expect(await deploy(synthApp('new'), ...order)).toEqual(['UPDATE_ROLLBACK_COMPLETE', 'UPDATE_COMPLETE']);
      expect(await deploy(synthApp('new'), 'new')).toEqual(['UPDATE_COMPLETE']);
    } else {
      expect(await deploy(synthApp('new'), ...order)).toEqual(['UPDATE_COMPLETE', 'UPDATE_COMPLETE']);
    }
    expect(override(MOVED)).toEqual(APPLIED);
    expect(h.emulator.countCalls({ operation: 'DeleteCampaignCommunicationLimits' })).toBe(0);
    expect(Object.values(h.cfn.stack(`Old${round}`)!.resources).map((r) => r.physicalId)).not.toContain(MOVED);

    // The new stack owns the override now: deleting it removes the override (DESTROY, the default).
    expect((await h.destroy(`New${round}`)).status).toBe('DELETE_COMPLETE');
    expect(override(MOVED)).toBeUndefined();
    expect(override(STAYS)).toEqual(APPLIED);
    await h.destroy(`Old${round}`);
  });
});

test('without step 1, deploying the new stack first fails at once: the old stack still manages the campaign', async () => {
  await deploy(synthApp('old'), 'old', 'new');
  expect(await deploy(synthApp('new'), 'new', 'old')).toEqual(['UPDATE_ROLLBACK_COMPLETE', 'UPDATE_COMPLETE']);
  // The old stack's Delete (DESTROY) removed its override; the new stack, deployed again, applies its own.
  expect(override(MOVED)).toBeUndefined();
  expect(await deploy(synthApp('new'), 'new')).toEqual(['UPDATE_COMPLETE']);
  expect(override(MOVED)).toEqual(APPLIED);
  await h.destroy(`New${round}`);
  await h.destroy(`Old${round}`);
});
