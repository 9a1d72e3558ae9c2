/** Public types of the local CloudFormation runner. */
import type { AuthorizationDecision, AuthorizationRequest } from './iam';

/** The terminal stack statuses, named as CloudFormation names them. */
export type StackStatus =
  | 'CREATE_COMPLETE'
  | 'ROLLBACK_COMPLETE'
  | 'ROLLBACK_FAILED'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'UPDATE_ROLLBACK_FAILED'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED';

/** Every stack status the runner goes through: the terminal ones, and those an operation shows while it runs. */
export type LiveStackStatus =
  | StackStatus
  | 'CREATE_IN_PROGRESS'
  | 'ROLLBACK_IN_PROGRESS'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'DELETE_IN_PROGRESS';

/** A resource's status, as ListStackResources reports it. */
export type ResourceStatus =
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'CREATE_FAILED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED'
  | 'DELETE_SKIPPED';

/** One resource of a stack as the CloudFormation API reports it at this moment (a StackResourceSummary). */
export interface LiveResource {
  readonly logicalId: string;
  /** Absent until the resource has one (a Create in progress, or one that failed without naming one). */
  readonly physicalId?: string;
  readonly type: string;
  readonly status: ResourceStatus;
  readonly statusReason?: string;
  readonly lastUpdated: Date;
}

/** A stack as the CloudFormation API reports it at this moment: what DescribeStacks and ListStackResources serve. */
export interface LiveStack {
  readonly stackName: string;
  readonly stackId: string;
  readonly status: LiveStackStatus;
  readonly statusReason?: string;
  readonly creationTime: Date;
  readonly lastUpdatedTime?: Date;
  /** Set once a delete started; a stack in DELETE_COMPLETE is found by its id only, as in CloudFormation. */
  readonly deletionTime?: Date;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly outputs?: Readonly<Record<string, string>>;
  readonly resources: readonly LiveResource[];
  /** The template of the stack's last completed operation, as deployed (what GetTemplate serves). */
  readonly template?: unknown;
}

/** What was done to a resource. For a custom resource it is the request type sent (upper-cased). */
export type ResourceAction = 'CREATE' | 'UPDATE' | 'DELETE';

/** How the action ended. SKIPPED: a Delete not sent because of a `Retain` deletion or update-replace policy. */
export type ResourceEventStatus = 'COMPLETE' | 'FAILED' | 'SKIPPED';

/**
 * The part of the stack operation an event belongs to:
 * - `deploy`: the forward create or update of the resources in the template;
 * - `cleanup`: after a successful update, deleting removed resources and the old physical ids of replacements;
 * - `rollback`: undoing a failed create (Deletes) or a failed update (Updates back to the previous properties);
 * - `rollback-cleanup`: after an update rollback, deleting what the failed update had created;
 * - `delete`: deleting the stack.
 */
export type OperationPhase = 'deploy' | 'cleanup' | 'rollback' | 'rollback-cleanup' | 'delete';

/** One resource event of a stack operation, in the order the actions ended. */
export interface StackEvent {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly action: ResourceAction;
  readonly status: ResourceEventStatus;
  readonly phase: OperationPhase;
  /** The physical id acted on (for a failed Create: the one the FAILED response named, if any). */
  readonly physicalId?: string;
  /** Why the action failed (a custom resource's FAILED `Reason`, verbatim), or why it was skipped. */
  readonly reason?: string;
}

/** The outcome of `deploy` or `destroy`. */
export interface OperationResult {
  readonly stackName: string;
  readonly stackId: string;
  readonly status: StackStatus;
  readonly events: readonly StackEvent[];
  /** The stack's outputs after the operation (the previous ones after a rollback; empty after a delete). */
  readonly outputs: Readonly<Record<string, string>>;
  /** The reason of the first failure that failed the operation, if it failed. */
  readonly reason?: string;
  /** Failed deletes that did not fail the operation (cleanup after an update or an update rollback). */
  readonly warnings: readonly string[];
}

/** A resource of a stack, as the runner holds it. */
export interface StackResource {
  readonly type: string;
  readonly physicalId: string;
  /**
   * The properties last applied, as the resource received them: stringified for custom resources
   * (exactly the `ResourceProperties` the handler got), as resolved from the template for other types.
   */
  readonly properties: Readonly<Record<string, unknown>>;
  /** `Fn::GetAtt` attributes: a custom resource's response `Data`, or what a model returned. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** A stack held by the runner. */
export interface StackDescription {
  readonly stackName: string;
  readonly stackId: string;
  readonly status: StackStatus;
  readonly resources: Readonly<Record<string, StackResource>>;
  readonly outputs: Readonly<Record<string, string>>;
}

/** What a resource model is asked to do. `properties` are resolved from the template, not stringified. */
export interface ResourceModelRequest {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface ResourceModelUpdateRequest extends ResourceModelRequest {
  readonly physicalId: string;
  readonly oldProperties: Readonly<Record<string, unknown>>;
}

export interface ResourceModelDeleteRequest extends ResourceModelRequest {
  readonly physicalId: string;
}

export interface ResourceModelResult {
  /** The physical id: also the value of `Ref`. On update, a different id means the resource was replaced. */
  readonly physicalId: string;
  /** The values of `Fn::GetAtt`. */
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/**
 * How the runner creates, updates and deletes a resource type that is not a custom resource. Throwing fails
 * the action with the error's message as the reason.
 */
export interface ResourceModel {
  create(request: ResourceModelRequest): ResourceModelResult | Promise<ResourceModelResult>;
  /**
   * Without `update`, every property change is a replacement: `create` makes the new resource, and the old one is
   * deleted in the cleanup phase (as CloudFormation does for properties that require replacement).
   */
  update?(request: ResourceModelUpdateRequest): ResourceModelResult | Promise<ResourceModelResult>;
  delete(request: ResourceModelDeleteRequest): void | Promise<void>;
}

/** One line a Lambda function wrote to stdout or stderr (what would reach CloudWatch Logs). */
export interface LambdaLogLine {
  readonly functionName: string;
  /** The invocation being served when the line was written, if any. */
  readonly requestId?: string;
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
}

export interface LocalCloudFormationOptions {
  /**
   * Environment variables given to every Lambda function in addition to (and overriding) its own `Environment`,
   * for example `AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2`. Functions do not inherit the runner's environment.
   * `AWS_ENDPOINT_URL_CLOUDFORMATION` is the runner's own CloudFormation API endpoint unless given here.
   * Credentials (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) are supplied unless given: those
   * of a session of the function's role (an access key id that identifies the role to `LocalCloudFormation.authorize`),
   * or dummy ones for a function without a role. Giving them here makes every function sign as the same unknown caller.
   */
  readonly env?: Readonly<Record<string, string>>;
  /** `AWS::Region`, and the functions' `AWS_REGION`. Default: `env.AWS_REGION`, else `us-east-1`. */
  readonly region?: string;
  /** `AWS::AccountId`. Default `123456789012`. */
  readonly accountId?: string;
  /** Template parameter values for every deploy (a deploy's own `parameters` take precedence). */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Models for resource types the runner does not know, keyed by type; they may also replace built-in ones. */
  readonly resourceModels?: Readonly<Record<string, ResourceModel>>;
  /**
   * Per function, how many invocations run at once (each in its own warm child process, reused like a Lambda
   * execution environment); more wait in a queue. Default 10.
   */
  readonly lambdaConcurrency?: number;
  /**
   * Per function, how many execution environments are initialised when the function is created, a few at a time,
   * so that many cold starts at once do not share this machine's CPU (see `LambdaHostOptions.initAhead`). Default 0.
   */
  readonly lambdaInitAhead?: number;
  /**
   * How long the first invocation of an environment initialised ahead waits (`LambdaHostOptions.coldStartMs`).
   * Default: as long as its initialisation took.
   */
  readonly lambdaColdStartMs?: number;
  /** Where the functions' output goes. Default: discarded. */
  readonly onLambdaLog?: (line: LambdaLogLine) => void;
  /**
   * Folders the functions resolve bare module names from (NODE_PATH), playing the SDK the Lambda runtime provides.
   * Default: the node_modules folder this package's `@aws-sdk/client-lambda` is installed in.
   */
  readonly nodePath?: readonly string[];
  /**
   * Whether the runner's own CloudFormation API endpoint checks its callers' permissions: a function whose role does
   * not allow `cloudformation:DescribeStacks` / `cloudformation:ListStackResources` on the stack is answered
   * `AccessDenied` (403). Other services check through `LocalCloudFormation.authorize` (an emulator's authorizer).
   * The roles' policies are tracked either way. Default false.
   */
  readonly enforceIam?: boolean;
  /** Called whenever the runner denies a call: on its own endpoint, or through `LocalCloudFormation.authorize`. */
  readonly onAccessDenied?: (request: AuthorizationRequest, decision: AuthorizationDecision) => void;
}

export interface DeployOptions {
  /** A cloud assembly directory (for example `cdk.out`). */
  readonly assemblyDir: string;
  readonly stackName: string;
  /** Parameter values for this deploy, over the runner's `parameters` and the templates' defaults. */
  readonly parameters?: Readonly<Record<string, string>>;
}
