// The T4 as people pin it: GPU feature discovery's product label, GKE's accelerator
// label, Karpenter's instance family and the EC2 instance type all name the same chip,
// and the AWS ones a priced g4dn machine, at the price the catalog lists.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import type { AnalyzedDeployment } from '../../server/src/core/engine/analyze';
import { readOne } from '../helpers/readOne';

const catalog = loadCatalog(BUNDLED_CATALOG).catalog;

function vllmOn(selector: string, extraArgs = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm
spec:
  replicas: 1
  template:
    spec:
      nodeSelector:
        ${selector}
      containers:
      - name: server
        image: vllm/vllm-openai:latest
        command: ["vllm", "serve", "meta-llama/Llama-3.1-8B-Instruct"${extraArgs}]
        resources:
          limits:
            nvidia.com/gpu: 1
`;
}

const read = (text: string): AnalyzedDeployment => readOne(text, catalog);

/** The catalog's own price for the instance in the region and pricing model the deployment resolved to. */
function listedPrice(d: AnalyzedDeployment): number | undefined {
  const { instance, region, pricing } = d.resolution;
  return instance?.prices?.find((p) => p.region === region && p.pricing === pricing)?.usdPerHour;
}

describe('NVIDIA T4 from the labels people write', () => {
  const aws: Array<[string, string]> = [
    ['karpenter.k8s.aws/instance-family: g4dn', 'g4dn.xlarge'],
    ['node.kubernetes.io/instance-type: g4dn.xlarge', 'g4dn.xlarge'],
  ];
  for (const [selector, instance] of aws) {
    it(`${selector} is a T4 on ${instance}, priced as the catalog lists it`, () => {
      const d = read(vllmOn(selector));
      assert.equal(d.resolution.chip?.id, 't4');
      assert.equal(d.resolution.instance?.id, instance);
      assert.equal(d.resolution.region, 'us-east-1');
      const price = listedPrice(d);
      assert.ok(price !== undefined, 'the catalog prices the instance in the resolved region');
      assert.equal(d.resolution.price?.usdPerHour, price);
      assert.equal(d.resolution.costPerHour, price);
      assert.equal(d.findings.find((f) => f.code === 'unknown-accelerator' || f.code === 'unknown-instance'), undefined);
    });
  }

  it("reads GPU feature discovery's Tesla-T4 and GKE's nvidia-tesla-t4 as the T4", () => {
    for (const selector of ['nvidia.com/gpu.product: Tesla-T4', 'cloud.google.com/gke-accelerator: nvidia-tesla-t4']) {
      const d = read(vllmOn(selector));
      assert.equal(d.resolution.chip?.id, 't4', selector);
      assert.equal(d.findings.find((f) => f.code === 'unknown-accelerator'), undefined, selector);
    }
  });

  it('warns that a declared bf16 runs at fp16 on Turing, and offers no edit of vLLM’s own word', () => {
    const text = vllmOn('node.kubernetes.io/instance-type: g4dn.xlarge', ', "--dtype", "bfloat16"');
    const d = read(text);
    const t4 = catalog.chip('t4');
    const finding = d.findings.find((f) => f.code === 'unsupported-precision');
    assert.equal(finding?.severity, 'warning');
    assert.equal(
      finding?.message,
      `NVIDIA T4 Tensor Core GPU has no native bf16 support (native: fp32, fp16, int8, int4). Matrix multiplies will run at fp16 speed (${t4?.denseTflops?.fp16} TFLOPS dense).`,
    );
    assert.equal(text.slice(finding?.span?.start, finding?.span?.end), 'bfloat16');
    // "fp16" is not a vLLM --dtype value (half/float16 are), so no quick fix rewrites it.
    assert.equal(finding?.fix, undefined);
  });
});
