import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { CampaignPermissions } from './campaign-permissions';
import { InstancePermissions } from './instance-permissions';
import { suppressProviderFindings } from './nag-suppressions';
import { InvalidPropertyError, Problems } from './shared/rules';

/** Where `npm run build` writes the bundled handler (see scripts/bundle-handler.mjs). */
export const HANDLER_BUNDLE_DIR = path.join(__dirname, '..', 'assets', 'on-event');

/**
 * The handler's timeout: the time it has to wait for its turn and retry a throttled API before it reports failure.
 * A minute below the provider framework's own 15 minutes, so that the framework always outlives the handler.
 */
export const HANDLER_TIMEOUT = Duration.minutes(14);

/** How long logs are kept when no construct says otherwise. */
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/** What happens to the log groups when the stack is deleted, when no construct says otherwise: they stay. */
export const DEFAULT_LOG_REMOVAL_POLICY = RemovalPolicy.RETAIN;

/**
 * The logs of the provider that every construct of this library in a stack shares (one handler function and one
 * provider framework function): any of them may set these, and those that set them must agree.
 */
export interface CommunicationLimitsLogProps {
  /**
   * How long the logs of the stack's provider functions are kept. The constructs of a stack share the provider: give
   * them the same value, or give it on one only.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What happens to the log groups of the stack's provider functions (the handler's and the provider framework's)
   * when the stack is deleted: `RETAIN` keeps them and their logs, `DESTROY` deletes them. The constructs of a stack
   * share the provider: give them the same value, or give it on one only.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The choices of `props` about the provider's logs, checked into `problems` (reported with the construct's other
 * problems): the log groups are kept or deleted with the stack; nothing else applies to a log group.
 */
export function providerLogOptions(
  props: CommunicationLimitsLogProps,
  problems: Problems,
): CommunicationLimitsLogProps {
  const { logRetention, logRemovalPolicy } = props;
  const kept = [undefined, RemovalPolicy.DESTROY, RemovalPolicy.RETAIN];
  if (!kept.includes(logRemovalPolicy)) {
    const expected = 'RemovalPolicy.DESTROY or RemovalPolicy.RETAIN';
    problems.add(new InvalidPropertyError('logRemovalPolicy', logRemovalPolicy, expected));
  }
  return { logRetention, logRemovalPolicy };
}

/**
 * The custom resource provider shared by every `CampaignCommunicationLimits` and `InstanceCommunicationLimits` of a
 * stack: one handler function, one provider framework function, their log groups, the handler's campaign
 * permissions, and (only once an instance construct asks) its instance permissions. Found or created at the stack's
 * root under a fixed id.
 */
export class CommunicationLimitsProvider extends Construct {
  /** The construct id under the stack. */
  public static readonly ID = 'ConnectCampaignCommunicationLimitsProvider';

  /** The stack's provider, created on first use. */
  public static getOrCreate(scope: IConstruct, options: CommunicationLimitsLogProps = {}): CommunicationLimitsProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(CommunicationLimitsProvider.ID) as CommunicationLimitsProvider | undefined;
    if (!existing) return new CommunicationLimitsProvider(stack, options);
    // Created by a construct that set no log props (declared first): the first choices made apply.
    if (!existing.optionsChosen) existing.useOptions(options);
    // The provider is shared: a value given twice must be the same, or the second construct would be ignored.
    const sharedBy = `the value another construct of stack ${stack.stackName} set for the provider they share`;
    const problems = new Problems();
    const agree = (field: keyof CommunicationLimitsLogProps, given: unknown, current: unknown, shown: string) => {
      if (given !== undefined && given !== current) {
        problems.add(new InvalidPropertyError(field, given, `${shown}, ${sharedBy}`));
      }
    };
    agree('logRetention', options.logRetention, existing.logRetention, `${existing.logRetention} (days)`);
    agree('logRemovalPolicy', options.logRemovalPolicy, existing.logRemovalPolicy, `"${existing.logRemovalPolicy}"`);
    problems.throwIfAny(`${scope.node.path}: `);
    return existing;
  }

  /** The `ServiceToken` of the custom resources. */
  public readonly serviceToken: string;
  /** The function that calls Connect Campaigns V2. */
  public readonly handler: lambda.Function;
  public readonly permissions: CampaignPermissions;
  private options: Required<CommunicationLimitsLogProps>;
  /** Whether a construct made a choice (else the defaults apply until one does). */
  private optionsChosen: boolean;
  private readonly logGroups: logs.LogGroup[] = [];
  private instanceGrant?: InstancePermissions;

  private constructor(stack: Stack, options: CommunicationLimitsLogProps) {
    super(stack, CommunicationLimitsProvider.ID);
    this.options = withDefaults(options);
    this.optionsChosen = chooses(options);
    if (!fs.existsSync(path.join(HANDLER_BUNDLE_DIR, 'index.js'))) {
      throw new Error(`The handler bundle is missing at ${HANDLER_BUNDLE_DIR}: run \`npm run build\` first`);
    }

    this.handler = new lambda.Function(this, 'OnEventHandler', {
      description:
        'Applies Amazon Connect communication limits (CampaignCommunicationLimits, InstanceCommunicationLimits)',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      code: lambda.Code.fromAsset(HANDLER_BUNDLE_DIR),
      handler: 'index.handler',
      memorySize: 256,
      timeout: HANDLER_TIMEOUT,
      logGroup: this.logGroup('OnEventHandlerLogs'),
    });
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a Function given no role creates one
    this.permissions = new CampaignPermissions(this, 'CampaignPermissions', this.handler.role!);

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler,
      logGroup: this.logGroup('ProviderLogs'),
    });
    this.serviceToken = provider.serviceToken;
    suppressProviderFindings(this.handler, provider);
  }

  public get logRetention(): logs.RetentionDays {
    return this.options.logRetention;
  }

  public get logRemovalPolicy(): RemovalPolicy {
    return this.options.logRemovalPolicy;
  }

  private logGroup(id: string): logs.LogGroup {
    const { logRetention: retention, logRemovalPolicy: removalPolicy } = this.options;
    const group = new logs.LogGroup(this, id, { retention, removalPolicy });
    this.logGroups.push(group);
    return group;
  }

  /** Applies the first choices made to the log groups already created. */
  private useOptions(options: CommunicationLimitsLogProps): void {
    if (!chooses(options)) return;
    this.options = withDefaults(options);
    this.optionsChosen = true;
    for (const group of this.logGroups) {
      (group.node.defaultChild as logs.CfnLogGroup).retentionInDays = this.options.logRetention;
      group.applyRemovalPolicy(this.options.logRemovalPolicy);
    }
  }

  /** The handler's permission on instance communication limits, created on first use (see `InstancePermissions`). */
  public instancePermissions(): InstancePermissions {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a Function given no role creates one
    this.instanceGrant ??= new InstancePermissions(this, 'InstancePermissions', this.handler.role!);
    return this.instanceGrant;
  }
}

function chooses(options: CommunicationLimitsLogProps): boolean {
  return options.logRetention !== undefined || options.logRemovalPolicy !== undefined;
}

function withDefaults(options: CommunicationLimitsLogProps): Required<CommunicationLimitsLogProps> {
  return {
    logRetention: options.logRetention ?? DEFAULT_LOG_RETENTION,
    logRemovalPolicy: options.logRemovalPolicy ?? DEFAULT_LOG_REMOVAL_POLICY,
  };
}
