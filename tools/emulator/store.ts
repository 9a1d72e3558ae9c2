/** In-memory state: campaigns and per-instance communication limits. */
import { formatErrors, shapeErrors } from './validation';
import {
  CAMPAIGN_STATES,
  type CampaignSnapshot,
  type CampaignState,
  type CommunicationLimitsConfig,
  type InstanceCommunicationLimitsConfig,
  type SeedCampaign,
} from './types';

export const DEFAULT_CONNECT_INSTANCE_ID = '11111111-2222-3333-4444-555555555555';

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT_ID = '123456789012';

/** Where a campaign lives: its ARN's region and account (the partition follows from the region). */
export interface ArnLocation {
  /** Default `us-east-1`. */
  region?: string;
  /** Default `123456789012`. */
  accountId?: string;
}

/** ARN of a campaign, by default in the emulator's default region and account. */
export function campaignArn(id: string, where: ArnLocation = {}): string {
  const region = where.region ?? DEFAULT_REGION;
  return `arn:${partitionOf(region)}:connect-campaigns:${region}:${where.accountId ?? DEFAULT_ACCOUNT_ID}:campaign/${id}`;
}

/** The partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  return region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

export class CampaignStore {
  private readonly campaigns = new Map<string, CampaignSnapshot>();
  private readonly limitsByInstance = new Map<string, InstanceCommunicationLimitsConfig>();
  /** The instances set up for outbound campaigns; `undefined`: every instance id is known. */
  private readonly instances: Set<string> | undefined;

  /** `where`: the region and account of the campaigns' ARNs. `instances`: see `EmulatorOptions.instances`. */
  constructor(
    private readonly where: ArnLocation = {},
    instances?: readonly string[],
  ) {
    this.instances = instances && new Set(instances);
  }

  /** Whether the instance is set up for outbound campaigns (always, when no instance list was given). */
  hasInstance(connectInstanceId: string): boolean {
    return this.instances?.has(connectInstanceId) ?? true;
  }

  /** Sets the instance up for outbound campaigns (only meaningful with an instance list). */
  addInstance(connectInstanceId: string): void {
    this.instances?.add(connectInstanceId);
  }

  /** Takes the instance away, with its limits. Returns whether it was known. */
  removeInstance(connectInstanceId: string): boolean {
    this.limitsByInstance.delete(connectInstanceId);
    return this.instances?.delete(connectInstanceId) ?? false;
  }

  /** @throws Error when the seed is invalid or the id is taken */
  add(seed: SeedCampaign): void {
    const campaign: CampaignSnapshot = {
      id: seed.id,
      arn: campaignArn(seed.id, this.where),
      name: seed.name ?? `campaign-${seed.id}`,
      connectInstanceId: seed.connectInstanceId ?? DEFAULT_CONNECT_INSTANCE_ID,
      state: seed.state ?? 'Initialized',
      ...(seed.communicationLimitsOverride && {
        communicationLimitsOverride: structuredClone(seed.communicationLimitsOverride),
      }),
      ...(seed.tags && Object.keys(seed.tags).length > 0 && { tags: { ...seed.tags } }),
    };
    const problems = [
      ...shapeErrors('CampaignId', campaign.id, 'id'),
      ...shapeErrors('InstanceId', campaign.connectInstanceId, 'connectInstanceId'),
      ...(campaign.communicationLimitsOverride
        ? shapeErrors('CommunicationLimitsConfig', campaign.communicationLimitsOverride, 'communicationLimitsOverride')
        : []),
    ];
    if (problems.length > 0) throw new Error(`Invalid seed campaign: ${formatErrors(problems)}`);
    checkState(campaign.state);
    if (this.campaigns.has(campaign.id)) throw new Error(`Campaign ${campaign.id} already exists`);
    this.campaigns.set(campaign.id, campaign);
  }

  /** Returns whether the campaign existed. */
  remove(id: string): boolean {
    return this.campaigns.delete(id);
  }

  /** A deep copy of the campaign, or `undefined`. */
  snapshot(id: string): CampaignSnapshot | undefined {
    const campaign = this.campaigns.get(id);
    return campaign && structuredClone(campaign);
  }

  /** @throws Error when the campaign does not exist or the state is unknown */
  setState(id: string, state: CampaignState): void {
    checkState(state);
    this.get(id).state = state;
  }

  /** Sets the campaign's override, or removes it when `undefined`. */
  setOverride(id: string, override: CommunicationLimitsConfig | undefined): void {
    const campaign = this.get(id);
    if (override === undefined) delete campaign.communicationLimitsOverride;
    else campaign.communicationLimitsOverride = structuredClone(override);
  }

  /** The campaign whose ARN this is, if any. */
  idOfArn(arn: string): string | undefined {
    return [...this.campaigns.values()].find((campaign) => campaign.arn === arn)?.id;
  }

  /** Adds or replaces tags (TagResource). */
  tag(id: string, tags: Readonly<Record<string, string>>): void {
    const campaign = this.get(id);
    campaign.tags = { ...campaign.tags, ...tags };
  }

  /** Removes tags by key (UntagResource); a key the campaign does not have is ignored. */
  untag(id: string, keys: readonly string[]): void {
    const campaign = this.get(id);
    const rest = Object.fromEntries(Object.entries(campaign.tags ?? {}).filter(([key]) => !keys.includes(key)));
    if (Object.keys(rest).length === 0) delete campaign.tags;
    else campaign.tags = rest;
  }

  /** A deep copy of the instance's limits, or `undefined` when none were put. */
  instanceLimits(connectInstanceId: string): InstanceCommunicationLimitsConfig | undefined {
    const limits = this.limitsByInstance.get(connectInstanceId);
    return limits && structuredClone(limits);
  }

  /**
   * Stores what was put, as it was put: an empty configuration (no `allChannelSubtypes`) is kept as an empty
   * configuration, so that a Get then answers `{"communicationLimitsConfig": {}}`. Assumed: the API reference does
   * not say what an empty configuration means, nor what Get returns after one; the model makes the member optional,
   * and a service that stores the configuration it is given would answer this.
   */
  putInstanceLimits(connectInstanceId: string, limits: InstanceCommunicationLimitsConfig): void {
    this.limitsByInstance.set(
      connectInstanceId,
      limits.allChannelSubtypes === undefined ? {} : structuredClone(limits),
    );
  }

  private get(id: string): CampaignSnapshot {
    const campaign = this.campaigns.get(id);
    if (!campaign) throw new Error(`No campaign ${id}`);
    return campaign;
  }
}

function checkState(state: string): void {
  if (!(CAMPAIGN_STATES as readonly string[]).includes(state)) throw new Error(`Unknown campaign state ${state}`);
}
