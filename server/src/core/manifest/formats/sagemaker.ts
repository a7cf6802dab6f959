import type { DeploymentSpec, Unresolved } from '../deployment';
import { templateCount, templateString } from './cloudFormation';
import { field, type ManifestReader } from './reader';
import type { Field } from '../provenance';
import { specOf } from '../spec';
import { modelField, precisionFrom, precisionOf } from './serving';

/**
 * SageMaker endpoints in CloudFormation or SAM: each production variant of an
 * `AWS::SageMaker::EndpointConfig` is a deployment on `InstanceType` × `InitialInstanceCount`,
 * serving the `AWS::SageMaker::Model` its `ModelName` names (`!Ref X` or `!GetAtt X.ModelName`,
 * which parse to the strings `X` and `X.ModelName`), read from that model's container environment.
 */
export function readSageMaker(reader: ManifestReader): DeploymentSpec[] {
  const resources = reader.record(['Resources']);
  if (!resources) return [];
  const specs: DeploymentSpec[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (field(resource, 'Type') !== 'AWS::SageMaker::EndpointConfig') continue;
    const variants = ['Resources', id, 'Properties', 'ProductionVariants'];
    reader.list(variants).forEach((_, i) => {
      const variant = [...variants, i];
      const written = templateString(reader, [...variant, 'InstanceType']);
      if (!written) return;
      const instance = 'field' in written ? written.field : undefined;
      const unresolved: Unresolved[] = 'unresolved' in written ? [{ field: 'instance', ...written.unresolved }] : [];
      const modelRef = reader.value([...variant, 'ModelName']);
      const environment = modelEnvironment(reader, typeof modelRef === 'string' ? modelRef.split('.')[0] ?? '' : '');
      const variantName = reader.string([...variant, 'VariantName']);
      const count = templateCount(templateString(reader, [...variant, 'InitialInstanceCount']));
      const shards = environment.get('SM_NUM_GPUS') ?? environment.get('OPTION_TENSOR_PARALLEL_DEGREE');
      const shardCount = shards && templateCount({ field: shards });
      const model = environment.get('HF_MODEL_ID') ?? environment.get('OPTION_MODEL_ID');
      const quantize = environment.get('HF_MODEL_QUANTIZE') ?? environment.get('OPTION_QUANTIZE');
      // HF_MODEL_QUANTIZE is read by the Hugging Face TGI container.
      const precision = precisionOf(quantize?.value, undefined, environment.has('HF_MODEL_QUANTIZE') ? 'tgi' : undefined);
      const anchor = reader.keySpan(['Resources', id]) ?? reader.document.span;
      specs.push(
        specOf('sagemaker', {
          name: variantName ? `${id}/${variantName.value}` : id,
          span: reader.document.span,
          anchor: variantName?.span ?? anchor,
          hardwareSpan: instance?.span ?? unresolved[0]?.span ?? anchor,
        })
          .set('instance', instance)
          .with('provider', 'aws')
          .set('replicas', count)
          .set('model', model && !model.value.startsWith('/') ? modelField(model) : undefined)
          .set('tensor', shardCount)
          .set('precision', precisionFrom(precision, quantize, 'the quantize setting'))
          .with('unresolved', unresolved)
          .build(),
      );
    });
  }
  return specs;
}

/** The environment of a `AWS::SageMaker::Model`'s primary (or first) container. */
function modelEnvironment(reader: ManifestReader, modelId: string): Map<string, Field<string>> {
  const env = new Map<string, Field<string>>();
  const model = ['Resources', modelId, 'Properties'];
  if ((reader.value(['Resources', modelId, 'Type']) as unknown) !== 'AWS::SageMaker::Model') return env;
  const container = reader.record([...model, 'PrimaryContainer']) ? [...model, 'PrimaryContainer'] : [...model, 'Containers', 0];
  for (const key of Object.keys(reader.record([...container, 'Environment']) ?? {})) {
    const path = [...container, 'Environment', key];
    const written = templateString(reader, path);
    if (written && 'field' in written) env.set(key, written.field);
  }
  return env;
}
