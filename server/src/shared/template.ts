import type { NewManifestAnswers } from './protocol';

/** A new InferenceDeployment from the answers of the New Inference Manifest command. */
export function newManifestText(answers: NewManifestAnswers): string {
  const name = `${answers.model.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${answers.instance.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`.slice(0, 63);
  return [
    'apiVersion: inference-lens/v1',
    'kind: InferenceDeployment',
    'metadata:',
    `  name: ${name.replace(/^-+|-+$/g, '')}`,
    'spec:',
    '  model:',
    `    id: ${answers.model}`,
    '  hardware:',
    `    instance: ${answers.instance}`,
    ...(answers.region ? [`    region: ${answers.region}`] : []),
    '    pricing: on-demand',
    '  replicas: 1',
    '  workload:',
    `    inputTokens: ${answers.inputTokens ?? 1024}`,
    `    outputTokens: ${answers.outputTokens ?? 256}`,
    `    concurrency: ${answers.concurrency ?? 'max'}`,
    '',
  ].join('\n');
}
