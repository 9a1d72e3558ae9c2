/** Messages between the runner and a function's child process (Node IPC, JSON serialisation). */

/** What a Lambda runtime reports for an unhandled error, and what Invoke returns as the payload. */
export interface LambdaErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

/** Runner → child: run the handler once. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly requestId: string;
  /** The event, as the JSON text Invoke received. */
  readonly payload: string;
  /** When the invocation times out (epoch milliseconds), for `context.getRemainingTimeInMillis()`. */
  readonly deadline: number;
  readonly invokedFunctionArn: string;
}

/**
 * Runner → child: load the handler now, ahead of any invocation (Lambda's Init phase, as provisioned concurrency runs
 * it); the child answers `InitializedMessage`. A handler that fails to load fails each invocation, as without it.
 */
export interface InitMessage {
  readonly type: 'init';
}

/** Child → runner: the handler's result (JSON text) or its error. */
export type InvocationResultMessage =
  | { readonly type: 'result'; readonly requestId: string; readonly payload: string }
  | { readonly type: 'error'; readonly requestId: string; readonly error: LambdaErrorPayload };

/** Child → runner: the Init phase asked for by `InitMessage` has ended. */
export interface InitializedMessage {
  readonly type: 'initialized';
}

/** The environment variable the https redirect shim reads its configuration from (then deletes). */
export const RESPONSE_REDIRECT_ENV = 'LOCAL_CLOUDFORMATION_RESPONSE_REDIRECT';
