/**
 * The two stacks the benchmark compares: N campaigns' communication limits applied with this library's
 * `CampaignCommunicationLimits`, and the same job done with aws-cdk-lib's `AwsCustomResource`, written as a user
 * would write it without this library.
 */
import { App, ArnFormat, CfnParameter, Stack } from 'aws-cdk-lib';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { CampaignCommunicationLimits, InstanceLimitsHandling } from '../../lib';
import { handlerBundleHash } from './machine';
import { removeDir, tempDir } from './util';

export type Variant = 'ours' | 'awscr';

export const VARIANTS: readonly Variant[] = ['ours', 'awscr'];

export const VARIANT_LABEL: Readonly<Record<Variant, string>> = {
  ours: 'CampaignCommunicationLimits',
  awscr: 'AwsCustomResource',
};

/** A campaign id of the length Connect gives (a UUID), deterministic per index. */
export function campaignIdFor(index: number): string {
  return `0be0c4a1-7e57-4b3c-9d2a-${index.toString(16).padStart(12, '0')}`;
}

/** One frequency cap as the construct takes it. */
export interface Limit {
  readonly maxCountPerRecipient: number;
  /** A number, or the name of a `CfnParameter` (Type Number) to take it from at deploy time. */
  readonly frequency: number | { readonly parameter: string };
}

export interface BenchStackOptions {
  /** How many campaigns (one resource each). */
  readonly count: number;
  /** The limits of every campaign. Default: 3 contacts in 7 days and 1 a day. */
  readonly limits?: readonly Limit[];
  /** Campaign ids; default `campaignIdFor(0..count-1)`. */
  readonly campaignIds?: readonly string[];
  /** Default OPT_IN. */
  readonly instanceLimitsHandling?: 'OPT_IN' | 'OPT_OUT';
  /**
   * Raises CDK's check of CloudFormation's 500-resources-per-stack quota, to measure a stack that could not be
   * deployed. Default: CDK's own limit.
   */
  readonly resourceLimit?: number;
}

/** The app for a bench stack: only the resource limit differs from a default app. */
export function newApp(options: Pick<BenchStackOptions, 'resourceLimit'>, outdir: string): App {
  const context: Record<string, unknown> = {};
  if (options.resourceLimit !== undefined) context['@aws-cdk/core:stackResourceLimit'] = options.resourceLimit;
  return new App({ outdir, context });
}

export const DEFAULT_LIMITS: readonly Limit[] = [
  { maxCountPerRecipient: 3, frequency: 7 },
  { maxCountPerRecipient: 1, frequency: 1 },
];

/** The stack name used for every bench stack of a variant. */
export function stackNameOf(variant: Variant): string {
  return variant === 'ours' ? 'BenchOurs' : 'BenchAwsCustomResource';
}

/** Builds the variant's stack into `app` (environment-agnostic, as a library user's default stack is). */
export function buildStack(app: App, variant: Variant, options: BenchStackOptions): Stack {
  const stack = new Stack(app, stackNameOf(variant));
  const ids = options.campaignIds ?? Array.from({ length: options.count }, (_, i) => campaignIdFor(i));
  const limits = options.limits ?? DEFAULT_LIMITS;
  const parameters = new Map<string, CfnParameter>();
  const frequencyOf = (limit: Limit): number => {
    if (typeof limit.frequency === 'number') return limit.frequency;
    const name = limit.frequency.parameter;
    let parameter = parameters.get(name);
    if (!parameter) {
      parameter = new CfnParameter(stack, name, { type: 'Number', default: 7 });
      parameters.set(name, parameter);
    }
    return parameter.valueAsNumber;
  };
  const resolved = limits.map((limit) => ({
    maxCountPerRecipient: limit.maxCountPerRecipient,
    frequency: frequencyOf(limit),
  }));
  const handling = options.instanceLimitsHandling ?? 'OPT_IN';
  ids.forEach((campaignId, index) => {
    const id = `Limits${index}`;
    if (variant === 'ours') {
      new CampaignCommunicationLimits(stack, id, {
        campaignId,
        communicationLimits: resolved,
        instanceLimitsHandling: handling === 'OPT_IN' ? InstanceLimitsHandling.OPT_IN : InstanceLimitsHandling.OPT_OUT,
      });
    } else {
      addAwsCustomResource(stack, id, campaignId, resolved, handling);
    }
  });
  return stack;
}

/** What a user writes without this library: one `AwsCustomResource` per campaign. */
function addAwsCustomResource(
  stack: Stack,
  id: string,
  campaignId: string,
  limits: readonly { maxCountPerRecipient: number; frequency: number }[],
  instanceLimitsHandling: string,
): AwsCustomResource {
  const campaignArn = stack.formatArn({
    service: 'connect-campaigns',
    resource: 'campaign',
    resourceName: campaignId,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
  const apply = {
    service: 'ConnectCampaignsV2',
    action: 'UpdateCampaignCommunicationLimits',
    parameters: {
      id: campaignId,
      communicationLimitsOverride: {
        allChannelSubtypes: {
          communicationLimitsList: limits.map((limit) => ({ ...limit, unit: 'DAY' })),
        },
        instanceLimitsHandling,
      },
    },
    physicalResourceId: PhysicalResourceId.of(campaignId),
  };
  return new AwsCustomResource(stack, id, {
    onCreate: apply,
    onUpdate: apply,
    onDelete: {
      service: 'ConnectCampaignsV2',
      action: 'DeleteCampaignCommunicationLimits',
      parameters: { id: campaignId, config: 'ALL_CHANNEL_SUBTYPES' },
    },
    policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: [campaignArn] }),
    installLatestAwsSdk: false,
  });
}

/**
 * Synthesizes one variant's stack in this process and returns its template. The assembly goes to `outdir`, which
 * is kept; without one, to a temporary folder that is removed.
 */
export function synthTemplate(variant: Variant, options: BenchStackOptions, outdir?: string): BenchTemplate {
  if (variant === 'ours') HANDLER_BUNDLES_SEEN.add(handlerBundleHash());
  const dir = outdir ?? tempDir(`synth-${variant}`);
  try {
    const app = newApp(options, dir);
    const stack = buildStack(app, variant, options);
    const assembly = app.synth();
    return assembly.getStackByName(stack.stackName).template as BenchTemplate;
  } finally {
    if (!outdir) removeDir(dir);
  }
}

/** The handler bundle versions this process synthesized with (more than one: it was rebuilt during the run). */
export const HANDLER_BUNDLES_SEEN = new Set<string>();

export interface BenchTemplate {
  Parameters?: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: unknown }>;
}
