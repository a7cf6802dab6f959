import { withOverrides } from '../../server/src/core/estimator/assumptions';
import { DEFAULTS } from '../../server/src/core/resolve/resolve';

/**
 * The hand-worked disaggregated pair the estimator's tests check figure by figure:
 * round factors (as the estimator tests), and an 800 Gbps network assumed for the
 * test instance, which publishes none.
 */
export const HAND = withOverrides({
  efficiency: {
    // No GEMM shape term: every matrix multiply at the family's flat efficiency, as the hand figures assume.
    'test-family': { prefillCompute: 0.5, decodeBandwidth: 0.5, decodeCompute: 0.5, stepOverheadMs: 0, layerOverheadUs: 0, requestOverheadMs: 0, gemmHalfGflop: 0, interconnect: 1, allReduceLatencyUs: 0 },
  },
  networkGbpsWithoutFigure: 800,
});

/** 1,000 tokens in, 200 out. */
export const WORKLOAD = { ...DEFAULTS, inputTokens: 1000, outputTokens: 200 };

export interface PoolsShape {
  /** Decode pods (spec.replicas). */
  readonly decodeReplicas: number;
  /** A prefill pool of one pod (spec.prefill). */
  readonly prefill?: boolean;
  /** Test GPUs of each decode pod. */
  readonly decodeGpus?: number;
  /** `parallelism.data`, when set. */
  readonly data?: number;
}

/** A KServe LLMInferenceService of the test model: decode (spec) and prefill (spec.prefill) pods on test.8x, `--max-num-seqs 16`. */
export function pdService({ decodeReplicas, prefill = true, decodeGpus = 1, data }: PoolsShape): string {
  const pod = (indent: string, gpus: number): string =>
    [
      `${indent}template:`,
      `${indent}  nodeSelector:`,
      `${indent}    node.kubernetes.io/instance-type: test.8x`,
      `${indent}  containers:`,
      `${indent}    - name: main`,
      `${indent}      env:`,
      `${indent}        - name: VLLM_ADDITIONAL_ARGS`,
      `${indent}          value: "--max-num-seqs 16"`,
      `${indent}      resources:`,
      `${indent}        limits:`,
      `${indent}          nvidia.com/gpu: "${gpus}"`,
    ].join('\n');
  return [
    'apiVersion: serving.kserve.io/v1alpha1',
    'kind: LLMInferenceService',
    'metadata:',
    '  name: dense-pd',
    'spec:',
    '  model:',
    '    uri: hf://test-org/Test-Dense-10B-Instruct',
    `  replicas: ${decodeReplicas}`,
    ...(data === undefined ? [] : ['  parallelism:', `    data: ${data}`]),
    pod('  ', decodeGpus),
    ...(prefill ? ['  prefill:', '    replicas: 1', pod('    ', 1)] : []),
    '',
  ].join('\n');
}
