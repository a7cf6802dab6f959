import { isSageMakerName, type Catalog } from '../catalog/catalog';
import { parseQuantizedName } from '../catalog/modelNames';
import type { Chip, Instance, Model, Precision, Price, PricingModel } from '../catalog/types';
import type { Assumptions } from '../estimator/assumptions';
import type { EstimateInput } from '../estimator/types';
import type { AcceleratorUnit, DeploymentSpec } from '../manifest/deployment';
import { batchLimitOf, type BatchLimit } from './batchLimit';
import { logicalCoresPerChip } from './neuron';
import { cheapestPrice, priceIn } from '../catalog/prices';
import { skyPilotInstance } from './skypilot';

/** Values a manifest may leave out, and what the engine assumes instead. */
export interface Defaults {
  /** Region for prices when the manifest names none; unset: the cheapest listed region. */
  readonly region?: string;
  readonly pricing: PricingModel;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly concurrency: number | 'max';
}

export const DEFAULTS: Defaults = {
  pricing: 'on-demand',
  inputTokens: 1024,
  outputTokens: 256,
  concurrency: 'max',
};

/**
 * A tensor degree the declared hardware cannot hold, and what the estimate uses
 * instead. `unit` names the likely mix-up when the declared product equals the
 * replica's accelerators counted in NeuronCores or TPU TensorCores.
 */
export interface ParallelismRefit {
  /** tensor × pipeline (× data-parallel engines) as declared, in the manifest's unit. */
  readonly declared: number;
  /** The tensor degree the estimate uses, in chips. */
  readonly tensor: number;
  readonly unit: { readonly name: 'NeuronCores' | 'TensorCores'; readonly perChip: number } | undefined;
}

/** Where the price came from, so a hover can say so. */
export type PriceOrigin = 'declared-region' | 'default-region' | 'cheapest-region';

/**
 * A deployment's names looked up in the catalog and its omissions filled with
 * defaults. Lookups that fail leave their entry undefined; rules report them.
 */
export interface Resolution {
  readonly model: Model | undefined;
  readonly chip: Chip | undefined;
  readonly instance: Instance | undefined;
  /** The instance was not declared but inferred from the chip and count (the cheapest that holds them). */
  readonly instanceInferred: boolean;
  /** A SageMaker name (ml.*) resolved to the EC2 hardware it runs on, whose EC2 price does not apply. */
  readonly sagemakerWithoutPrice: boolean;
  /** The chip the manifest names besides its instance, when both are declared. */
  readonly declaredChip: Chip | undefined;
  /** Accelerators (chips) one pod requests, when the format says. */
  readonly chipsPerPod: number | undefined;
  /** Accelerators one replica holds. */
  readonly acceleratorsPerReplica: number | undefined;
  /** Instances one replica occupies (a fraction when pods share an instance). */
  readonly instancesPerReplica: number;
  /** Tensor and pipeline degrees in chips: as declared, or refitted to the declared hardware (see `parallelismRefit`). */
  readonly tensor: number | undefined;
  /** Set when the declared tensor × pipeline does not fit the replica's accelerators and the estimate uses the hardware instead. */
  readonly parallelismRefit: ParallelismRefit | undefined;
  readonly pipeline: number;
  /**
   * Data-parallel engines the replica's accelerators run, each of tensor × pipeline
   * chips (1 without data parallelism): with engines per pod declared, those × pods
   * (at most the data-parallel size), else the data-parallel size.
   */
  readonly dataParallel: number;
  /**
   * SGLang's data-parallel attention ranks on a MoE model (`attentionRanks`), when the estimate
   * times them: each of tensor ÷ ranks chips, with its own requests and KV cache, the experts
   * split over the whole tensor group. Undefined when there are none, or they cannot be timed so.
   */
  readonly attentionRanks: number | undefined;
  /** What the manifest's parallelism counts, and how many of those make a chip. */
  readonly parallelUnit: AcceleratorUnit;
  readonly unitsPerChip: number;
  readonly replicas: number;
  readonly region: string | undefined;
  readonly pricing: PricingModel;
  readonly price: Price | undefined;
  readonly priceOrigin: PriceOrigin | undefined;
  /** Price × instances per replica × replicas, when the price is known. */
  readonly costPerHour: number | undefined;
  readonly precision: Precision | undefined;
  /** Set when nothing declares the precision and the model's name implies it (`…-FP8`, `…-AWQ`). */
  readonly precisionFromName: boolean;
  /**
   * Set when nothing declares the precision and the name is a GGUF checkpoint, whose precision
   * its file decides: `precision` is then the base model's, an upper bound. `type` is the
   * llama.cpp quantization type the name gives its file (`Q4_K_M`), where it gives one.
   */
  readonly ggufCheckpoint: { readonly type: string | undefined } | undefined;
  readonly kvPrecision: Precision | undefined;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly concurrency: number | 'max';
  /** Set when everything the estimator needs is known and consistent. */
  readonly estimateInput: EstimateInput | undefined;
}

export function resolve(spec: DeploymentSpec, catalog: Catalog, assumptions: Assumptions, defaults: Defaults = DEFAULTS): Resolution {
  const native = spec.format === 'inference-deployment';
  // A quantized checkpoint's name (…-FP8, …-AWQ) is its base model at the precision the name implies.
  const match = spec.model ? catalog.modelMatch(spec.model.value) : undefined;
  const model = match?.model;
  const hardware = resolveHardware(spec, catalog, native);
  const { chip, instance } = hardware;

  const unitsPerChip = chip?.family === 'aws-neuron' ? (logicalCoresPerChip(chip, spec.neuronLogicalCores) ?? 1) : 1;
  const toChips = (value: number, unit: AcceleratorUnit | undefined): number => (unit === 'neuron-core' ? value / unitsPerChip : value);
  // Pipeline degree counts stages, whatever the unit tensor parallelism is counted in.
  const pipeline = spec.pipeline?.value ?? 1;
  const declaredTensor = spec.tensor ? toChips(spec.tensor.value, spec.parallelUnit) : undefined;
  const chipsPerPod = spec.acceleratorsPerPod ? toChips(spec.acceleratorsPerPod.value, spec.acceleratorUnit) : undefined;
  const pods = spec.podsPerReplica?.value ?? 1;
  const dataParallel = enginesPerReplica(spec, pods);

  const perPod = chipsPerPod ?? instance?.acceleratorCount;
  // The chips the model is placed on: a CPU instance's host counts as one, and its estimate runs on it…
  const placedOn = native ? nativeAccelerators(spec, instance) : perPod === undefined ? undefined : perPod * pods;
  // …but a CPU is no accelerator: a CPU endpoint (ml.m5.large) has none.
  const acceleratorsPerReplica = chip?.type === 'cpu' && placedOn !== undefined ? 0 : placedOn;
  const instancesPerReplica = instance && placedOn !== undefined ? placedOn / instance.acceleratorCount : 1;
  // Without a declared tensor degree, each engine takes its share of the replica's chips.
  const engineChips = pipeline * dataParallel;
  const fitted = placedOn !== undefined && placedOn % engineChips === 0 ? placedOn / engineChips : undefined;
  const parallelismRefit =
    declaredTensor !== undefined && spec.tensor && placedOn !== undefined && declaredTensor * engineChips > placedOn && chip
      ? refit(spec.tensor.value, pipeline, dataParallel, placedOn, chip, spec, fitted)
      : undefined;
  const tensor = parallelismRefit ? parallelismRefit.tensor : (declaredTensor ?? fitted);
  const attentionRanks = attentionRanksOf(spec, model, tensor, dataParallel);

  // The name says the weights' precision even when the catalog lacks its base model (`…-253B-v1-FP8` is fp8).
  const named = match ?? (spec.model ? parseQuantizedName(spec.model.value) : undefined);
  const namedPrecision = named?.precision;
  const precision = spec.precision?.value ?? namedPrecision ?? (model ? (model.nativePrecision ?? 'bf16') : undefined);
  const kvPrecision = spec.kvCachePrecision?.value ?? (precision === 'fp32' || precision === 'fp16' ? precision : precision && 'bf16');
  const pricing = spec.pricing?.value ?? defaults.pricing;
  // SageMaker bills ml.* instances at its own prices: an EC2 price would understate the cost.
  const sagemakerName = isSageMakerName(spec.instance?.value ?? '') && instance !== undefined && !isSageMakerName(instance.id);
  const { price, origin: priceOrigin, region } = sagemakerName
    ? { price: undefined, origin: undefined, region: spec.region?.value ?? defaults.region }
    : findPrice(instance, spec.region?.value ?? defaults.region, spec.region !== undefined, pricing);
  const replicas = spec.replicas?.value ?? 1;
  const concurrency = spec.concurrency?.value ?? defaults.concurrency;

  const base = {
    model,
    chip,
    instance,
    instanceInferred: hardware.inferred,
    sagemakerWithoutPrice: sagemakerName,
    declaredChip: hardware.declaredChip,
    chipsPerPod,
    acceleratorsPerReplica,
    instancesPerReplica,
    tensor,
    parallelismRefit,
    pipeline,
    dataParallel,
    attentionRanks,
    parallelUnit: spec.parallelUnit ?? 'device',
    unitsPerChip,
    replicas,
    region,
    pricing,
    price,
    priceOrigin,
    // Part of a GPU shares its machine with other pods: what share of the machine it pays is not known.
    costPerHour: price && !spec.gpuShare ? price.usdPerHour * instancesPerReplica * replicas : undefined,
    precision,
    precisionFromName: spec.precision === undefined && namedPrecision !== undefined,
    ggufCheckpoint: spec.precision === undefined && named?.precisionUnstated ? { type: named.ggufType } : undefined,
    kvPrecision,
    inputTokens: spec.inputTokens?.value ?? defaults.inputTokens,
    outputTokens: spec.outputTokens?.value ?? defaults.outputTokens,
    concurrency,
  };
  // The estimator times whole chips of the deployment's own; part of a GPU has a fraction of one's compute, memory and bandwidth.
  const consistent =
    !spec.gpuShare &&
    model &&
    chip &&
    tensor !== undefined &&
    Number.isInteger(tensor) &&
    precision &&
    kvPrecision &&
    placedOn !== undefined &&
    tensor * pipeline * dataParallel <= placedOn;
  const estimateInput: EstimateInput | undefined = consistent
    ? {
        model,
        chip,
        instance,
        instancesPerReplica,
        // Attention ranks are timed as engines of their share of the tensor group, the experts split over all of it.
        tensor: attentionRanks ? tensor / attentionRanks : tensor,
        pipeline,
        ...(attentionRanks ? { dataParallel: attentionRanks, expertParallel: tensor } : dataParallel > 1 ? { dataParallel } : {}),
        // A workload scaled to zero is estimated as it runs once scaled up: one replica.
        replicas: Math.max(1, replicas),
        precision,
        kvPrecision,
        inputTokens: base.inputTokens,
        outputTokens: base.outputTokens,
        concurrency,
        concurrencyDeclared: spec.concurrency !== undefined,
        requestsPerSecond: spec.requestsPerSecond?.value,
        // Experts split over the tensor × data-parallel ranks (vLLM's expert parallelism).
        ...(!attentionRanks && spec.expertParallel?.value && model.moe && tensor * dataParallel > 1 ? { expertParallel: tensor * dataParallel } : {}),
        slo: {
          ...(spec.ttftMs ? { ttftMs: spec.ttftMs.value } : {}),
          ...(spec.tpotMs ? { tpotMs: spec.tpotMs.value } : {}),
        },
        price,
        ...withBatchLimit(assumptions, batchLimitOf(spec.maxSequences?.value, spec.servingEngine, chip, tensor * pipeline, attentionRanks)),
        ...(spec.attentionBackend && spec.servingEngine ? { attentionBackend: { engine: spec.servingEngine, name: spec.attentionBackend.value } } : {}),
      }
    : undefined;
  return { ...base, estimateInput };
}

/** The estimate's cap on sequences in flight, as the assumption it runs under, and where it comes from; the assumption itself when no cap is known. */
function withBatchLimit(assumptions: Assumptions, limit: BatchLimit | undefined): Pick<EstimateInput, 'assumptions' | 'batchLimitOrigin'> {
  if (!limit) return { assumptions };
  return { assumptions: { ...assumptions, maxBatchSequences: limit.sequences }, batchLimitOrigin: limit.origin };
}

/**
 * SGLang's data-parallel attention ranks, when the estimate can time them as engines: a MoE
 * model (a dense model's MLP stays split over the whole group, which engines of their own
 * would copy), no data-parallel engines besides, and ranks that divide the tensor group
 * (SGLang requires it).
 */
function attentionRanksOf(spec: DeploymentSpec, model: Model | undefined, tensor: number | undefined, dataParallel: number): number | undefined {
  const ranks = spec.attentionRanks?.value;
  if (ranks === undefined || ranks <= 1 || !model?.moe || dataParallel > 1 || tensor === undefined || tensor % ranks !== 0) return undefined;
  return ranks;
}

/**
 * Data-parallel engines on one replica's accelerators. Engines per pod (vLLM
 * `--data-parallel-size-local`, `dataLocal`) times the replica's pods, at most the
 * data-parallel size; without it, the data-parallel size (all on this replica).
 */
function enginesPerReplica(spec: DeploymentSpec, pods: number): number {
  const total = spec.dataParallel?.value;
  const local = spec.dataParallelLocal?.value;
  if (local === undefined) return total ?? 1;
  return Math.min(total ?? Number.POSITIVE_INFINITY, local * pods);
}

/**
 * InferenceDeployment: one instance per replica, or `count` bare chips (without a count,
 * the chips its engines take). Parallelism never multiplies the hardware: a tensor ×
 * pipeline × data beyond it is a finding, and the estimate keeps to what is declared.
 */
function nativeAccelerators(spec: DeploymentSpec, instance: Instance | undefined): number | undefined {
  if (instance) return instance.acceleratorCount;
  if (!spec.accelerator) return undefined;
  const declared = spec.tensor ? spec.tensor.value * (spec.pipeline?.value ?? 1) * (spec.dataParallel?.value ?? 1) : undefined;
  return spec.count?.value ?? declared ?? 1;
}

/**
 * The tensor degree the declared hardware holds when the declared one does not fit
 * (each of the data-parallel engines keeping its share).
 * A product equal to the replica's NeuronCores (AWS Neuron) or TensorCores (TPU) is
 * most likely counted in that unit, and converts exactly; anything else uses the
 * accelerators the replica has.
 */
function refit(
  declaredTensor: number,
  pipeline: number,
  engines: number,
  accelerators: number,
  chip: Chip,
  spec: DeploymentSpec,
  fitted: number | undefined,
): ParallelismRefit | undefined {
  const declared = declaredTensor * pipeline * engines;
  const unitName = chip.family === 'aws-neuron' ? 'NeuronCores' : chip.family === 'google-tpu' ? 'TensorCores' : undefined;
  const perChip = chip.family === 'aws-neuron' ? logicalCoresPerChip(chip, spec.neuronLogicalCores) : chip.family === 'google-tpu' ? chip.cores : undefined;
  if (spec.parallelUnit !== 'neuron-core' && unitName && perChip !== undefined && perChip > 1 && declared === accelerators * perChip && declaredTensor % perChip === 0) {
    return { declared, tensor: declaredTensor / perChip, unit: { name: unitName, perChip } };
  }
  return fitted === undefined ? undefined : { declared, tensor: fitted, unit: undefined };
}

interface Hardware {
  readonly chip: Chip | undefined;
  readonly instance: Instance | undefined;
  readonly declaredChip: Chip | undefined;
  readonly inferred: boolean;
}

/**
 * The instance and chip a deployment runs on. InferenceDeployment declares one or
 * the other. Real-world formats may declare both (checked for agreement), or only
 * a chip and a count, from which the cheapest instance that holds them is inferred.
 */
function resolveHardware(spec: DeploymentSpec, catalog: Catalog, native: boolean): Hardware {
  if (native && spec.instance && spec.accelerator) return { chip: undefined, instance: undefined, declaredChip: undefined, inferred: false };
  const instance = spec.instance ? catalog.instance(spec.instance.value) : undefined;
  const declaredChip = spec.accelerator ? catalog.chip(spec.accelerator.value) : undefined;
  if (instance) return { chip: catalog.chip(instance.accelerator), instance, declaredChip, inferred: false };
  const neuron = !native && !spec.accelerator && !spec.instance && !spec.uncoveredCloud ? onlyNeuronMachine(catalog, spec) : undefined;
  if (neuron) return { chip: catalog.chip(neuron.accelerator), instance: neuron, declaredChip: undefined, inferred: true };
  // On a cloud the catalog does not cover, no catalog machine is where the deployment runs.
  if (native || spec.instance || spec.uncoveredCloud) return { chip: declaredChip, instance: undefined, declaredChip, inferred: false };
  // A machine family alone (Karpenter's `instance-family: g6e`) names the chip when all its machines carry the same one.
  const chip = declaredChip ?? (spec.machineFamily === undefined ? undefined : onlyChipOfFamily(catalog, spec.machineFamily, spec.provider));
  if (!chip) return { chip: declaredChip, instance: undefined, declaredChip, inferred: false };
  const perPod = spec.acceleratorsPerPod?.value;
  const slice = topologySlice(catalog, chip, spec);
  // SkyPilot launches a machine with exactly the accelerators asked, on the cloud, in the region and at the pricing asked.
  const inferred =
    slice ??
    (spec.format === 'skypilot'
      ? skyPilotInstance(catalog, chip, perPod, spec)
      : cheapestInstanceFor(catalog, chip, perPod, spec.provider, spec.acceleratorUnit, spec.machineFamily));
  return { chip: inferred || declaredChip ? chip : undefined, instance: inferred, declaredChip, inferred: inferred !== undefined };
}

/** The one chip every catalog machine of a family (`g6e` → g6e.xlarge … g6e.48xlarge) carries, if they agree. */
function onlyChipOfFamily(catalog: Catalog, family: string, provider: DeploymentSpec['provider']): Chip | undefined {
  const members = catalog
    .instancesAndSlices()
    .filter((i) => !isSageMakerName(i.id) && (!provider || i.provider === provider) && inFamily(i, family));
  const chips = new Set(members.map((i) => i.accelerator));
  const [only] = chips;
  return chips.size === 1 && only !== undefined ? catalog.chip(only) : undefined;
}

/**
 * A pod that requests Neuron devices (\`aws.amazon.com/neuron: 12\`) without naming its
 * machine: when a single AWS machine holds exactly that many Neuron devices on one
 * node (12 is only inf2.48xlarge; 1 or 16 fit several chips), that machine is the one.
 */
function onlyNeuronMachine(catalog: Catalog, spec: DeploymentSpec): Instance | undefined {
  const resource = spec.pins?.resource;
  const devices = spec.acceleratorsPerPod?.value;
  if (devices === undefined || spec.acceleratorUnit !== 'device' || (resource !== 'aws.amazon.com/neuron' && resource !== 'aws.amazon.com/neurondevice')) return undefined;
  const machines = catalog.instances
    .all()
    .filter((i) => !isSageMakerName(i.id) && i.acceleratorCount === devices && (i.prices ?? []).length > 0 && catalog.chip(i.accelerator)?.family === 'aws-neuron');
  if (new Set(machines.map((i) => i.id)).size !== 1) return undefined;
  return machines[0];
}

/**
 * A GKE TPU topology names the slice: a v5e \`4x4\` over 4 pods of 4 chips is
 * v5litepod-16, not four v5litepod-4, and a TPU7x \`2x2x1\` on one host is tpu7x-8.
 * Taken when the topology's chips are the replica's (else the tpu-topology check
 * speaks) and the catalog has a slice of the chip with exactly that many: the
 * cheapest priced one, else one the catalog lists without a price (cost stays
 * unknown, the hardware does not).
 */
function topologySlice(catalog: Catalog, chip: Chip, spec: DeploymentSpec): Instance | undefined {
  const pods = spec.podsPerReplica?.value ?? 1;
  const perPod = spec.acceleratorsPerPod?.value;
  if (perPod === undefined || !spec.tpuTopology || spec.acceleratorUnit === 'neuron-core') return undefined;
  const chips = perPod * pods;
  const dims = spec.tpuTopology.value.split('x').map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 1) || dims.reduce((a, b) => a * b, 1) !== chips) return undefined;
  const candidates = catalog.instancesAndSlices().filter((i) => i.accelerator === chip.id && i.acceleratorCount === chips && !isSageMakerName(i.id));
  const priced = candidates.filter((i) => (i.prices ?? []).length > 0);
  return cheapestOf(priced) ?? cheapestOf(candidates);
}

/** The cheapest priced instance of a chip that holds `count` of them (exactly, if one does), on the given cloud. */
function cheapestInstanceFor(
  catalog: Catalog,
  chip: Chip,
  count: number | undefined,
  provider: DeploymentSpec['provider'],
  unit: AcceleratorUnit | undefined,
  family?: string,
): Instance | undefined {
  const chips = count === undefined ? undefined : unit === 'neuron-core' ? count / (logicalCoresPerChip(chip) ?? 1) : count;
  const offered = catalog
    .instancesWith(chip.id)
    .filter((i) => !isSageMakerName(i.id) && (!provider || i.provider === provider) && (i.prices ?? []).length > 0)
    .filter((i) => chips === undefined || i.acceleratorCount >= chips);
  // A family the node labels pin narrows the choice, when the catalog has it for this chip.
  const ofFamily = family === undefined ? [] : offered.filter((i) => inFamily(i, family));
  const candidates = ofFamily.length > 0 ? ofFamily : offered;
  const exact = candidates.filter((i) => chips === undefined || i.acceleratorCount === chips);
  return cheapestOf(exact) ?? cheapestOf(candidates);
}

/** Whether an instance belongs to a machine family: `g6e` holds g6e.xlarge, `a3-megagpu` holds a3-megagpu-8g. */
function inFamily(instance: Instance, family: string): boolean {
  const id = instance.id.toLowerCase();
  const prefix = family.toLowerCase();
  return id.startsWith(`${prefix}.`) || id.startsWith(`${prefix}-`);
}

/** The instance with the lowest on-demand price anywhere (unpriced ones last), by name among equals. */
function cheapestOf(list: readonly Instance[]): Instance | undefined {
  const hourly = (instance: Instance): number => cheapestPrice(instance, 'on-demand')?.usdPerHour ?? Number.POSITIVE_INFINITY;
  return [...list].sort((a, b) => hourly(a) - hourly(b) || a.id.localeCompare(b.id))[0];
}

function findPrice(
  instance: Instance | undefined,
  region: string | undefined,
  declared: boolean,
  pricing: PricingModel,
): { price: Price | undefined; origin: PriceOrigin | undefined; region: string | undefined } {
  if (!instance) return { price: undefined, origin: undefined, region };
  if (region !== undefined) {
    const price = priceIn(instance, pricing, region);
    if (price || declared) return { price, origin: price ? (declared ? 'declared-region' : 'default-region') : undefined, region };
  }
  const cheapest = cheapestPrice(instance, pricing);
  return { price: cheapest, origin: cheapest ? 'cheapest-region' : undefined, region: cheapest?.region };
}
