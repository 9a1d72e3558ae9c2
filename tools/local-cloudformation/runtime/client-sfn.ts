/**
 * Stands in for `@aws-sdk/client-sfn`, which the provider framework requires at load time but the repo does not
 * install. The framework calls Step Functions only to start the isComplete waiter, which the runner does not emulate.
 */
export class SFN {
  public startExecution(): Promise<never> {
    return Promise.reject(
      new Error('Step Functions is not emulated by the local runner: Provider isCompleteHandler is not supported'),
    );
  }
}
