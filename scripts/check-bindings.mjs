// Checks that `jsii-pacmak --code-only` (npm run package) generated each jsii target's code into dist/, with the
// construct, its props and its enums in each language. The generated code is not committed (dist/ is ignored).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const api = [
  'CampaignCommunicationLimits',
  'CommunicationLimit',
  'CommunicationLimitTimeUnit',
  'InstanceLimitsHandling',
  'InstanceCommunicationLimits',
  'InstanceCommunicationLimitsProps',
];

const targets = {
  python: { file: 'python/src/cdk_connect_campaign_limits/__init__.py', names: api },
  java: {
    file: 'java/src/main/java/io/github/connectcampaignlimits/cdk/CampaignCommunicationLimits.java',
    names: ['CampaignCommunicationLimits', 'CampaignCommunicationLimitsProps'],
  },
  dotnet: {
    file: 'dotnet/ConnectCampaignLimits.Cdk/ConnectCampaignLimits/Cdk/CampaignCommunicationLimits.cs',
    names: ['CampaignCommunicationLimits', 'ICampaignCommunicationLimitsProps'],
  },
  go: { file: 'go/cdkconnectcampaignlimits/CampaignCommunicationLimits.go', names: ['NewCampaignCommunicationLimits'] },
  'java (instance)': {
    file: 'java/src/main/java/io/github/connectcampaignlimits/cdk/InstanceCommunicationLimits.java',
    names: ['InstanceCommunicationLimits', 'InstanceCommunicationLimitsProps'],
  },
  'dotnet (instance)': {
    file: 'dotnet/ConnectCampaignLimits.Cdk/ConnectCampaignLimits/Cdk/InstanceCommunicationLimits.cs',
    names: ['InstanceCommunicationLimits', 'IInstanceCommunicationLimitsProps'],
  },
  'go (instance)': {
    file: 'go/cdkconnectcampaignlimits/InstanceCommunicationLimits.go',
    names: ['NewInstanceCommunicationLimits'],
  },
};

const problems = [];
for (const [language, { file, names }] of Object.entries(targets)) {
  const path = join(dist, file);
  if (!existsSync(path)) {
    problems.push(`${language}: ${file} is missing`);
    continue;
  }
  const code = readFileSync(path, 'utf8');
  const missing = names.filter((name) => !code.includes(name));
  if (missing.length > 0) problems.push(`${language}: ${file} does not mention ${missing.join(', ')}`);
  else console.log(`${language}: ${file}`);
}
// Every binding loads the JavaScript package from this tarball: the handler bundle must be in it.
const tarballs = existsSync(join(dist, 'js')) ? readdirSync(join(dist, 'js')).filter((f) => f.endsWith('.tgz')) : [];
if (tarballs.length !== 1) problems.push(`js: expected one tarball in dist/js, found ${tarballs.length}`);
else {
  const listing = execFileSync('tar', ['tzf', join(dist, 'js', tarballs[0])], { encoding: 'utf8' }).split('\n');
  for (const file of ['package/.jsii', 'package/lib/index.js', 'package/assets/on-event/index.js']) {
    if (!listing.includes(file)) problems.push(`js: dist/js/${tarballs[0]} lacks ${file}`);
  }
  if (!problems.some((p) => p.startsWith('js:'))) console.log(`js: dist/js/${tarballs[0]} (with the handler bundle)`);
}
if (problems.length > 0) {
  console.error(`jsii bindings incomplete (run \`npm run package\`):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
