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

/** Child → runner: the handler's result (JSON text) or its error. */
export type InvocationResultMessage =
  | { readonly type: 'result'; readonly requestId: string; readonly payload: string }
  | { readonly type: 'error'; readonly requestId: string; readonly error: LambdaErrorPayload };

/** The environment variable the https redirect shim reads its configuration from (then deletes). */
export const RESPONSE_REDIRECT_ENV = 'LOCAL_CLOUDFORMATION_RESPONSE_REDIRECT';
