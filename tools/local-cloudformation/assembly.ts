/**
 * A synthesized cloud assembly (cdk.out): a stack's template, and where its functions' code is. A folder with only
 * `<stack>.template.json` in it also works, for templates without assets.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isObject } from './intrinsics';

export interface CloudAssembly {
  readonly directory: string;
  /** The stack's template, as JSON. */
  readonly template: unknown;
  /**
   * The folder holding a function's code: from the resource's `aws:asset:path` metadata when the app emitted it
   * (the CDK CLI turns it on), else from the asset manifest entry whose object key is the function's `S3Key`.
   */
  codeDirectory(logicalId: string, code: Readonly<Record<string, unknown>>): string;
}

interface FileAsset {
  readonly objectKeys: readonly string[];
  readonly sourcePath: string;
}

export function readAssembly(directory: string, stackName: string): CloudAssembly {
  const manifestFile = path.join(directory, 'manifest.json');
  const manifest = fs.existsSync(manifestFile) ? readJson(manifestFile) : {};
  const artifacts = isObject(manifest) && isObject(manifest.artifacts) ? manifest.artifacts : {};
  const [artifactId, artifact] = Object.entries(artifacts).find(
    ([id, candidate]) =>
      isObject(candidate) &&
      candidate.type === 'aws:cloudformation:stack' &&
      (isObject(candidate.properties) ? (candidate.properties.stackName ?? id) : id) === stackName,
  ) ?? [stackName, undefined];
  const properties = isObject(artifact) && isObject(artifact.properties) ? artifact.properties : {};
  const templateFile =
    typeof properties.templateFile === 'string' ? properties.templateFile : `${stackName}.template.json`;
  const templatePath = path.join(directory, templateFile);
  if (!fs.existsSync(templatePath)) {
    const stacks = Object.keys(artifacts).filter(
      (id) => isObject(artifacts[id]) && artifacts[id].type === 'aws:cloudformation:stack',
    );
    throw new Error(
      `stack ${stackName} is not in the cloud assembly ${directory} (it has: ${stacks.join(', ') || 'none'})`,
    );
  }
  const template = readJson(templatePath);
  const assets = readFileAssets(directory, assetManifestFiles(artifacts, artifact, artifactId));
  return {
    directory,
    template,
    codeDirectory: (logicalId, code) => codeDirectory(directory, assets, resourceMetadata(template, logicalId), code),
  };
}

function assetManifestFiles(artifacts: Record<string, unknown>, artifact: unknown, artifactId: string): string[] {
  const dependencies = isObject(artifact) && Array.isArray(artifact.dependencies) ? artifact.dependencies : [];
  const files = dependencies
    .map((id) => artifacts[String(id)])
    .filter((candidate) => isObject(candidate) && candidate.type === 'cdk:asset-manifest')
    .map((candidate) => String((candidate as { properties?: { file?: unknown } }).properties?.file));
  return files.length > 0 ? files : [`${artifactId}.assets.json`];
}

function readFileAssets(directory: string, manifestFiles: readonly string[]): FileAsset[] {
  return manifestFiles
    .map((file) => path.join(directory, file))
    .filter((file) => fs.existsSync(file))
    .flatMap((file) => {
      const manifest = readJson(file);
      const files = isObject(manifest) && isObject(manifest.files) ? manifest.files : {};
      return Object.values(files)
        .filter(isObject)
        .map((asset) => ({
          sourcePath: path.resolve(directory, String(isObject(asset.source) ? asset.source.path : '')),
          objectKeys: Object.values(isObject(asset.destinations) ? asset.destinations : {})
            .filter(isObject)
            .map((destination) => String(destination.objectKey)),
        }));
    });
}

function codeDirectory(
  directory: string,
  assets: readonly FileAsset[],
  metadata: Readonly<Record<string, unknown>>,
  code: Readonly<Record<string, unknown>>,
): string {
  const fromMetadata =
    metadata['aws:asset:property'] === 'Code' && typeof metadata['aws:asset:path'] === 'string'
      ? path.resolve(directory, metadata['aws:asset:path'])
      : undefined;
  const fromManifest = assets.find((asset) => asset.objectKeys.includes(String(code.S3Key)))?.sourcePath;
  const found = fromMetadata ?? fromManifest;
  if (!found) throw new Error(`no asset of the cloud assembly holds the code ${JSON.stringify(code)}`);
  if (!fs.statSync(found).isDirectory())
    throw new Error(`the code asset ${found} is not a folder (zip files are not supported)`);
  return found;
}

function resourceMetadata(template: unknown, logicalId: string): Record<string, unknown> {
  const resources = isObject(template) && isObject(template.Resources) ? template.Resources : {};
  const resource = resources[logicalId];
  return isObject(resource) && isObject(resource.Metadata) ? resource.Metadata : {};
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
