import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { CampaignPermissions } from './campaign-permissions';
import { suppressProviderFindings } from './nag-suppressions';

/** Where `npm run build` writes the bundled handler (see scripts/bundle-handler.mjs). */
export const HANDLER_BUNDLE_DIR = path.join(__dirname, '..', 'assets', 'on-event');

/** The handler's timeout: the time it has to retry a throttled API before it reports failure. */
export const HANDLER_TIMEOUT = Duration.minutes(10);

/** How long logs are kept when no construct says otherwise. */
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/**
 * The custom resource provider shared by every `CampaignCommunicationLimits` of a stack: one handler function, one
 * provider framework function, their log groups, and the handler's campaign permissions. Found or created at the
 * stack's root under a fixed id.
 */
export class CommunicationLimitsProvider extends Construct {
  /** The construct id under the stack. */
  public static readonly ID = 'ConnectCampaignCommunicationLimitsProvider';

  /** The stack's provider, created on first use. */
  public static getOrCreate(scope: IConstruct, logRetention?: logs.RetentionDays): CommunicationLimitsProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(CommunicationLimitsProvider.ID) as CommunicationLimitsProvider | undefined;
    if (!existing) return new CommunicationLimitsProvider(stack, logRetention ?? DEFAULT_LOG_RETENTION);
    if (logRetention !== undefined && logRetention !== existing.logRetention) {
      throw new Error(
        `${scope.node.path}: logRetention is ${logRetention} days, but another CampaignCommunicationLimits in stack ` +
          `${stack.stackName} already set ${existing.logRetention} days for the provider they share; give them the same value`,
      );
    }
    return existing;
  }

  /** The `ServiceToken` of the custom resources. */
  public readonly serviceToken: string;
  /** The function that calls Connect Campaigns V2. */
  public readonly handler: lambda.Function;
  public readonly logRetention: logs.RetentionDays;
  public readonly permissions: CampaignPermissions;

  private constructor(stack: Stack, logRetention: logs.RetentionDays) {
    super(stack, CommunicationLimitsProvider.ID);
    this.logRetention = logRetention;
    if (!fs.existsSync(path.join(HANDLER_BUNDLE_DIR, 'index.js'))) {
      throw new Error(`The handler bundle is missing at ${HANDLER_BUNDLE_DIR}: run \`npm run build\` first`);
    }

    this.handler = new lambda.Function(this, 'OnEventHandler', {
      description: 'Applies Amazon Connect campaign communication limits (CampaignCommunicationLimits custom resource)',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      code: lambda.Code.fromAsset(HANDLER_BUNDLE_DIR),
      handler: 'index.handler',
      memorySize: 256,
      timeout: HANDLER_TIMEOUT,
      logGroup: new logs.LogGroup(this, 'OnEventHandlerLogs', { retention: logRetention }),
    });
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a Function given no role creates one
    this.permissions = new CampaignPermissions(this, 'CampaignPermissions', this.handler.role!);

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', { retention: logRetention }),
    });
    this.serviceToken = provider.serviceToken;
    suppressProviderFindings(this.handler, provider);
  }
}
