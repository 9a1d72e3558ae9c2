/**
 * A small app for runner tests: one stack with an inline Node.js handler behind the CDK provider framework, and
 * custom resources whose logical ids are their construct ids (so tests can name them).
 */
import { App, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';

export class InlineProviderApp {
  public readonly app: App;
  public readonly stack: Stack;
  /** The handler function, construct id `Handler`. */
  public readonly handler: lambda.Function;
  public readonly provider: cr.Provider;

  constructor(
    private readonly outdir: string,
    stackName: string,
    handlerCode: string,
    options: { readonly timeout?: Duration } = {},
  ) {
    this.app = new App({ outdir });
    this.stack = new Stack(this.app, stackName);
    this.handler = new lambda.Function(this.stack, 'Handler', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(handlerCode),
      timeout: options.timeout,
    });
    this.provider = new cr.Provider(this.stack, 'Provider', { onEventHandler: this.handler });
  }

  /** A custom resource served by the provider, with logical id `id` (type `AWS::CloudFormation::CustomResource`
   * unless a `Custom::` type is given). */
  public customResource(
    id: string,
    properties: Record<string, unknown>,
    resourceType?: `Custom::${string}`,
  ): CustomResource {
    const resource = new CustomResource(this.stack, id, {
      serviceToken: this.provider.serviceToken,
      resourceType,
      properties,
    });
    (resource.node.defaultChild as unknown as { overrideLogicalId(id: string): void }).overrideLogicalId(id);
    return resource;
  }

  /** Synthesizes the app and returns its cloud assembly folder. */
  public synth(): string {
    this.app.synth();
    return this.outdir;
  }
}
