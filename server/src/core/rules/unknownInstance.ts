import type { Finding } from '../findings';
import type { Field } from '../manifest/provenance';
import type { Rule } from './rule';
import { quoted, typoHint, unknownName } from './rule';

/**
 * AWS general-purpose and compute families, on EC2 or SageMaker (`ml.` prefix):
 * real instance types without accelerators (t2/t3, m4–m7, c4–c7, r5–r7, with their
 * variants such as m5d or c6i). The bundled catalog lists accelerator instances.
 */
const CPU_FAMILY = /^(ml\.)?(t[234]g?|m[4-8][a-z]*|c[4-8][a-z]*|r[4-8][a-z]*)\.[a-z0-9]*large$|^(ml\.)?t[234]g?\.(nano|micro|small|medium)$/i;

/**
 * Names shaped like a cloud's instance types: AWS `family.size` (`p3.2xlarge`, `g4ad.metal`),
 * GCP `series-type-N` (`n1-standard-8`, `a2-highgpu-1g`), Azure `Standard_…`. A node label
 * comes from the cluster, so a name of this shape that the catalog lacks is most likely a
 * real machine the catalog does not list, not a mistake.
 */
const CLOUD_INSTANCE_NAME = /^(ml\.)?[a-z][a-z0-9-]*\.(nano|micro|small|medium|\d*x?large|metal(-\d+xl)?)$|^[a-z][a-z0-9]*-[a-z]+(-[a-z0-9]+)+$|^Standard_[A-Za-z0-9_]+$/i;

/** A name the manifest does not write itself (a parameter's default, a pick from a list): the finding is at most info. */
function atMostInfo(finding: Finding, field: Field<string>): Finding {
  return field.origin === 'declared' ? finding : { ...finding, severity: 'info', message: `${finding.message}${assumed(field)}` };
}

function assumed(field: Field<string>): string {
  return field.origin === 'declared' ? '' : ` (read from ${field.reason})`;
}

export const unknownInstance: Rule = {
  id: 'unknown-instance',
  check({ spec, catalog, resolution }) {
    // InferenceDeployment with both an instance and an accelerator is hardware-declaration's finding.
    if (!spec.instance || resolution.instance || (spec.accelerator && spec.format === 'inference-deployment')) return [];
    const suggestions = catalog.suggestInstances(spec.instance.value);
    const slice = catalog.sliceName(spec.instance.value);
    if (CPU_FAMILY.test(spec.instance.value)) {
      // A real CPU type the catalog does not list: not a mistake in the manifest, and nothing to estimate on an accelerator.
      return [
        {
          code: 'unknown-instance',
          severity: 'info',
          message: `"${spec.instance.value}" is a CPU instance type the catalog does not list: no accelerator, price or estimate for it.${assumed(spec.instance)}`,
          span: spec.instance.span,
        },
      ];
    }
    if (!slice && spec.format !== 'inference-deployment' && CLOUD_INSTANCE_NAME.test(spec.instance.value)) {
      return [
        {
          code: 'unknown-instance',
          severity: 'info',
          message: `The catalog does not list the instance type "${spec.instance.value}": no accelerator, price or estimate for it (describe it in .inference-lens/catalog.yaml).${typoHint(suggestions)}${assumed(spec.instance)}`,
          span: spec.instance.span,
        },
      ];
    }
    if (!slice) return [atMostInfo(unknownName('unknown-instance', 'instance type', spec.instance, suggestions), spec.instance)];
    // A TPU slice name whose size Google does not offer: say which sizes it does.
    const { family, size } = slice;
    const counts = family.nameCounts === 'chips' ? 'chips' : 'TensorCores';
    return [
      {
        ...atMostInfo(unknownName('unknown-instance', 'instance type', spec.instance, suggestions), spec.instance),
        message: `${family.name} come in ${family.sizes.join(', ')} ${counts}, not ${size}. Did you mean ${quoted(suggestions)}?`,
      },
    ];
  },
};
