/**
 * A local deploy runner that plays CloudFormation's part for a synthesized cloud assembly: it creates, updates and
 * deletes a stack's resources with CloudFormation's semantics, runs Lambda functions' real code in child processes,
 * and drives custom resources through their ServiceToken functions. Test harness: no AWS account is involved.
 */
export { LocalCloudFormation, StackStateError } from './local-cloudformation';
export { CloudFormationApi, PAGE_SIZE } from './cloudformation-api';
export type { CloudFormationApiOptions, StackSource } from './cloudformation-api';
export { inertModel } from './builtin-models';
export type { ScheduleRecord } from './schedules';
export type { InertModel, InertModelOptions } from './builtin-models';
export {
  accessDeniedMessage,
  accessKeyIdOf,
  actionMatches,
  evaluatePolicy,
  IamRegistry,
  policyStatements,
  resourceMatches,
  signingRegionOf,
} from './iam';
export type { AuthorizationDecision, AuthorizationRequest, PolicyStatement } from './iam';
export { stringifyProperties, MAX_RESPONSE_BYTES } from './custom-resource';
export type { ReceivedResponse } from './response-server';
export { resolveValue, evaluateCondition, IntrinsicError, NO_VALUE } from './intrinsics';
export type { Scope } from './intrinsics';
export { parseTemplate, TemplateValidationError } from './template';
export type { Template, TemplateResource } from './template';
export type {
  DeployOptions,
  LambdaLogLine,
  LiveResource,
  LiveStack,
  LiveStackStatus,
  LocalCloudFormationOptions,
  OperationPhase,
  OperationResult,
  ResourceAction,
  ResourceEventStatus,
  ResourceModel,
  ResourceModelDeleteRequest,
  ResourceModelRequest,
  ResourceModelResult,
  ResourceModelUpdateRequest,
  ResourceStatus,
  StackDescription,
  StackEvent,
  StackResource,
  StackStatus,
} from './types';
