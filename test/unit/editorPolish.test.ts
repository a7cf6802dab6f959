import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { analyze } from '../../server/src/core/engine/analyze';
import { instanceCard } from '../../server/src/core/present/cards';
import { deploymentHints, documentHints } from '../../server/src/core/present/estimates';

// What the editor shows, held to the words and numbers a person reads: plurals, the
// catalog's casing of names, counts in hints, and one hint per value.
const catalog = loadCatalog(BUNDLED_CATALOG).catalog;

const manifest = (hardware: string, model = 'llama-3.1-8b'): string => `apiVersion: inference-lens/v1
kind: InferenceDeployment
metadata: { name: x }
spec:
  model: { id: ${model}, precision: bf16 }
  hardware: { ${hardware} }
`;

describe('editor wording', () => {
  it('says "Offered in 1 region" for one region and "regions" for more', () => {
    const single = catalog.instances.all().find((i) => i.regions?.length === 1);
    const many = catalog.instances.get('p5.48xlarge');
    assert.ok(single && many);
    assert.match(instanceCard(single, catalog.chips.get(single.accelerator), undefined, 'on-demand'), new RegExp(`Offered in 1 region: ${single.regions?.[0]}`));
    assert.match(instanceCard(many, catalog.chips.get(many.accelerator), undefined, 'on-demand'), new RegExp(`Offered in ${many.regions?.length} regions: `));
  });

  it('names an instance in messages with the catalog’s casing, not its lowercased id', () => {
    const findings = analyze(manifest('instance: standard_nd96isr_h100_v5, region: antarctica-1', 'llama-3.1-70b'), catalog).findings;
    const notOffered = findings.find((f) => f.code === 'region-not-offered');
    assert.ok(notOffered);
    assert.match(notOffered.message, /^Standard_ND96isr_H100_v5 is not offered in antarctica-1\. It is offered in: /);
    assert.equal(notOffered.related?.[0]?.message, 'the instance: Standard_ND96isr_H100_v5');
  });

  it('counts the accelerators in the hint after a bare accelerator, with memory per chip', () => {
    const text = manifest('accelerator: wse-3, count: 4');
    const hint = documentHints(analyze(text, catalog).deployments).find((h) => h.offset === text.indexOf('wse-3') + 'wse-3'.length);
    const chip = catalog.chips.get('wse-3');
    assert.ok(chip?.sramMB !== undefined);
    assert.equal(hint?.label, `4× WSE-3 · ${Math.round(chip.sramMB / 1000)} GB SRAM each`);
    const one = manifest('accelerator: h100-sxm, count: 1');
    const single = documentHints(analyze(one, catalog).deployments).find((h) => h.offset === one.indexOf('h100-sxm') + 'h100-sxm'.length);
    assert.equal(single?.label, '1× H100 SXM · 80 GB');
  });

  it('puts one hint after a SageMaker model line that two production variants share', () => {
    const text = `Resources:
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      PrimaryContainer:
        Environment:
          HF_MODEL_ID: meta-llama/Llama-3.1-8B-Instruct
          SM_NUM_GPUS: "4"
  EndpointConfig:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants:
        - VariantName: Blue
          ModelName: !GetAtt Model.ModelName
          InstanceType: ml.g5.12xlarge
          InitialInstanceCount: 1
        - VariantName: Green
          ModelName: !GetAtt Model.ModelName
          InstanceType: ml.g5.12xlarge
          InitialInstanceCount: 1
`;
    const deployments = analyze(text, catalog).deployments;
    assert.equal(deployments.length, 2, 'two variants, two deployments');
    const modelEnd = text.indexOf('Llama-3.1-8B-Instruct') + 'Llama-3.1-8B-Instruct'.length;
    // Each variant alone hints the model line; the file shows that hint once.
    assert.equal(deployments.flatMap(deploymentHints).filter((h) => h.offset === modelEnd).length, 2);
    const hints = documentHints(deployments).filter((h) => h.offset === modelEnd);
    assert.deepEqual(hints.map((h) => h.label), ['8B · 16 GB @ bf16']);
  });
});
