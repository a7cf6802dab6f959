// Generators of realistic manifests for the benches: InferenceDeployment streams and
// Kubernetes inference stacks (a vLLM Deployment with GPU limits and an instance-type
// node selector, its Service and a ConfigMap), to a number of lines.

const MODELS = ['llama-3.1-8b', 'llama-3.1-70b', 'llama-3.3-70b', 'qwen3-32b', 'mixtral-8x7b', 'gemma-3-27b'];
const HARDWARE = [
  ['p5.48xlarge', 8, 'us-east-1'],
  ['g6e.12xlarge', 4, 'us-east-1'],
  ['p4d.24xlarge', 8, 'us-west-2'],
  ['g5.12xlarge', 4, 'us-west-2'],
  ['a3-highgpu-8g', 8, 'us-central1'],
] as const;

export function inferenceDeployment(i: number): string {
  const [instance, count, region] = HARDWARE[i % HARDWARE.length]!;
  return `apiVersion: inference-lens/v1
kind: InferenceDeployment
metadata:
  name: deployment-${i}
  labels:
    team: platform
    tier: production
spec:
  model:
    id: ${MODELS[i % MODELS.length]}
    precision: fp8
    kvCachePrecision: fp8
    maxContextTokens: 8192
  hardware:
    instance: ${instance}
    region: ${region}
    pricing: on-demand
  parallelism:
    tensor: ${count}
    pipeline: 1
  replicas: ${1 + (i % 3)}
  workload:
    inputTokens: ${512 + (i % 4) * 256}
    outputTokens: 256
    concurrency: ${16 * (1 + (i % 4))}
    requestsPerSecond: ${1 + (i % 5)}
  slo:
    ttftMs: 800
    tpotMs: 60
`;
}

export function kubernetesStack(i: number): string {
  const [instance, count] = HARDWARE[i % HARDWARE.length]!;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm-${i}
  labels: { app: vllm-${i} }
spec:
  replicas: ${1 + (i % 3)}
  selector:
    matchLabels: { app: vllm-${i} }
  template:
    metadata:
      labels: { app: vllm-${i} }
    spec:
      nodeSelector:
        node.kubernetes.io/instance-type: ${instance}
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.8.5
          args: ["--model", "meta-llama/Llama-3.1-70B-Instruct", "--tensor-parallel-size", "${count}", "--max-model-len", "8192"]
          ports: [{ containerPort: 8000 }]
          resources:
            limits: { nvidia.com/gpu: ${count} }
          envFrom: [{ configMapRef: { name: vllm-${i}-config } }]
---
apiVersion: v1
kind: Service
metadata:
  name: vllm-${i}
spec:
  selector: { app: vllm-${i} }
  ports:
    - port: 80
      targetPort: 8000
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: vllm-${i}-config
data:
  VLLM_LOGGING_LEVEL: INFO
  HF_HUB_OFFLINE: "1"
  MAX_NUM_SEQS: "256"
  GPU_MEMORY_UTILIZATION: "0.9"
  ENABLE_PREFIX_CACHING: "true"
  SWAP_SPACE: "4"
`;
}

/** Documents from `make` joined by `---` until the stream has at least `lines` lines. */
export function stream(make: (i: number) => string, lines: number): string {
  const parts: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const doc = make(i);
    parts.push(doc);
    count += doc.split('\n').length;
  }
  return parts.join('---\n');
}
