import type { Model } from '../catalog/types';
import type { FamilyEfficiency } from './assumptions';
import { fmt } from '../numbers';
import { moeLayerCount } from './memory';
import type { EstimateInput } from './types';

/** One kind of link as the time model sees it: per-chip, per-direction bandwidth after efficiency, and a fixed latency per use. */
export interface Link {
  /** How explanations name it, e.g. "NVLink 4" or "EFA (instance network)". */
  readonly name: string;
  readonly bytesPerSecond: number;
  readonly latencySeconds: number;
  /** Set when the figure is an assumption, not a catalog figure: which one, in words. */
  readonly assumed?: string;
}

/**
 * Where a replica's chips sit: nodes of `chipsPerNode` chips joined by the chips'
 * own link (NVLink, ICI, Infinity Fabric, or PCIe when none is published), nodes
 * joined by the instance network. Tensor groups wider than a node pay the network
 * on every all-reduce; pipeline stage boundaries between nodes pay it per hop.
 */
export interface Topology {
  readonly chipsPerNode: number;
  readonly scaleUp: Link;
  /** The instance network per chip; undefined when the replica is one node. */
  readonly network: Link | undefined;
  readonly tensorAcrossNodes: boolean;
  /** Pipeline stage boundaries between chips of the same node, and between nodes. */
  readonly hopsWithinNode: number;
  readonly hopsAcrossNodes: number;
  /** Set when a MoE model's experts are split over chips: every MoE layer exchanges tokens all-to-all. */
  readonly experts?: ExpertSplit;
}

/** Expert parallelism as the time model sees it. */
export interface ExpertSplit {
  /** Chips the experts are spread over: the tensor group, times the data-parallel engines that share them. */
  readonly degree: number;
  /** Data-parallel engines whose tokens meet in the group (1 without data parallelism): each sends its own batch. */
  readonly engines: number;
  /** Whether the group spans nodes, so its exchanges cross the network. */
  readonly acrossNodes: boolean;
  /** Layers with experts (the model's `moeLayers`, else all of them). */
  readonly moeLayers: number;
  /** Experts each token is routed to (top-k). */
  readonly activeExperts: number;
  /** Width of the hidden state a token carries to each expert. */
  readonly hiddenSize: number;
}

const GBPS_TO_BYTES = 1e9 / 8;

/**
 * The replica's topology. A node is an instance (its accelerators share the chips'
 * link); a wafer-scale system is a node of its own; bare accelerators with no
 * instance are taken as one node, since nothing says how they are spread.
 */
export function topologyOf(input: EstimateInput, efficiency: FamilyEfficiency): Topology {
  const { assumptions, chip } = input;
  const chips = input.tensor * input.pipeline;
  const moe = input.model.moe;
  const degree = input.expertParallel ?? 1;
  // The expert group may be wider than one engine (vLLM splits experts over tensor × data-parallel ranks).
  const spread = Math.max(chips, moe ? degree : 1);
  const chipsPerNode = Math.max(1, chip.type === 'wafer' ? 1 : (input.instance?.acceleratorCount ?? spread));
  const link = chip.interconnect;
  const assumedLink = assumptions.linkWithoutFigure[chip.id] ?? assumptions.linkWithoutFigure[chip.family];
  const scaleUp: Link = link
    ? {
        name: link.name,
        bytesPerSecond: (link.direction === 'bidirectional' ? link.bandwidthGBps / 2 : link.bandwidthGBps) * 1e9 * efficiency.interconnect,
        latencySeconds: efficiency.allReduceLatencyUs * 1e-6,
      }
    : assumedLink
      ? {
          name: 'chip-to-chip link',
          bytesPerSecond: assumedLink.gbpsEachWay * 1e9 * efficiency.interconnect,
          latencySeconds: efficiency.allReduceLatencyUs * 1e-6,
          assumed: `${chip.shortName ?? chip.name} has no catalog link figure: ${fmt(assumedLink.gbpsEachWay)} GB/s each way (linkWithoutFigure: ${assumedLink.why})`,
        }
      : {
        name: 'PCIe',
        bytesPerSecond: assumptions.pcieLinkGBps * 1e9 * efficiency.interconnect,
        latencySeconds: efficiency.allReduceLatencyUs * 1e-6,
        assumed: `${chip.shortName ?? chip.name} has no published chip-to-chip link: PCIe at ${fmt(assumptions.pcieLinkGBps)} GB/s each way (pcieLinkGBps)`,
      };
  const nodes = Math.ceil(spread / chipsPerNode);
  const published = input.instance?.networkGbps;
  const network: Link | undefined =
    nodes <= 1
      ? undefined
      : {
          name: input.instance ? `${input.instance.id} network` : `network between ${chip.shortName ?? chip.name} systems`,
          bytesPerSecond: ((published ?? assumptions.networkGbpsWithoutFigure) * GBPS_TO_BYTES * assumptions.networkEfficiency) / chipsPerNode,
          latencySeconds: assumptions.networkLatencyUs * 1e-6,
          ...(published === undefined
            ? { assumed: `no published network bandwidth${input.instance ? ` for ${input.instance.id}` : ''}: ${fmt(assumptions.networkGbpsWithoutFigure)} Gbps (networkGbpsWithoutFigure)` }
            : {}),
        };
  let hopsAcrossNodes = 0;
  for (let stage = 1; stage < input.pipeline; stage++) {
    // The boundary before `stage` falls between nodes when that stage starts a new node.
    if (Math.floor((stage * input.tensor) / chipsPerNode) !== Math.floor((stage * input.tensor - 1) / chipsPerNode)) hopsAcrossNodes++;
  }
  const engines = input.dataParallel ?? 1;
  return {
    chipsPerNode,
    scaleUp,
    network,
    tensorAcrossNodes: input.tensor > chipsPerNode,
    hopsWithinNode: input.pipeline - 1 - hopsAcrossNodes,
    hopsAcrossNodes,
    ...(moe && degree > 1
      ? { experts: { degree, engines, acrossNodes: degree > chipsPerNode, moeLayers: moeLayerCount(input.model), activeExperts: moe.activeExperts, hiddenSize: input.model.hiddenSize } }
      : {}),
  };
}

/**
 * Time of the tensor group's collectives for `tokens` tokens through all layers.
 * All-reduces: two per layer (after attention and after the MLP), ring algorithm
 * moving 2(t−1)/t of the bf16 activations over the slowest link of the ring — the
 * network's share per chip when the group spans nodes — plus a fixed latency.
 * With expert parallelism, the MoE layers' all-to-alls too (`expertAllToAllSeconds`).
 */
export function allReduceSeconds(topology: Topology, tensor: number, model: Model, tokens: number): number {
  // One chip per engine all-reduces nothing, but its experts may still be spread over the data-parallel engines.
  if (tensor <= 1) return expertAllToAllSeconds(topology, tokens);
  const count = 2 * model.layers;
  const bytes = tokens * model.hiddenSize * 2;
  const { bandwidth, latency } = groupLink(topology);
  return count * (latency + ((2 * (tensor - 1)) / tensor) * (bytes / bandwidth)) + expertAllToAllSeconds(topology, tokens);
}

/** The slowest link of a group and its latency per collective: the chips' link, and the network's share when the group spans nodes. */
function groupLink(topology: Topology, spansNodes = topology.tensorAcrossNodes): { bandwidth: number; latency: number } {
  const across = spansNodes && topology.network;
  return {
    bandwidth: across ? Math.min(topology.scaleUp.bytesPerSecond, topology.network.bytesPerSecond) : topology.scaleUp.bytesPerSecond,
    latency: topology.scaleUp.latencySeconds + (across ? topology.network.latencySeconds : 0),
  };
}

/**
 * Expert parallelism: each MoE layer sends every token's hidden state (bf16) to the
 * chips holding its top-k experts (dispatch) and brings the results back (combine) —
 * two all-to-all exchanges. With one engine's `tokens` (and as many from each other
 * data-parallel engine) spread evenly over the `degree` chips and experts evenly over
 * them too, each chip sends (tokens × engines ÷ degree) × k × hidden × 2 B, of which
 * (degree − 1) ÷ degree leaves the chip, over the group's slowest link, plus one
 * collective latency per exchange.
 */
export function expertAllToAllSeconds(topology: Topology, tokens: number): number {
  const experts = topology.experts;
  if (!experts || experts.degree <= 1) return 0;
  const { bandwidth, latency } = groupLink(topology, experts.acrossNodes);
  const bytes = expertBytesPerChip(experts, tokens);
  return 2 * experts.moeLayers * (latency + bytes / bandwidth);
}

/** Bytes one chip sends off-chip in one all-to-all exchange of `tokens` tokens. */
function expertBytesPerChip(experts: ExpertSplit, tokens: number): number {
  return ((tokens * experts.engines) / experts.degree) * experts.activeExperts * experts.hiddenSize * 2 * ((experts.degree - 1) / experts.degree);
}

/** Time for `tokens` tokens' activations (bf16) to cross every pipeline stage boundary once. */
export function pipelineHopSeconds(topology: Topology, model: Model, tokens: number): number {
  const bytes = tokens * model.hiddenSize * 2;
  const within = topology.hopsWithinNode * (topology.scaleUp.latencySeconds + bytes / topology.scaleUp.bytesPerSecond);
  const network = topology.network;
  const across = network ? topology.hopsAcrossNodes * (network.latencySeconds + bytes / network.bytesPerSecond) : 0;
  return within + across;
}

/** The links a replica uses, in words, for explanations. */
export function describeLinks(topology: Topology, tensor: number): Record<string, string> {
  const out: Record<string, string> = {};
  const experts = topology.experts;
  if (experts) {
    const over = experts.acrossNodes && topology.network ? `${topology.network.name} (the group spans nodes)` : topology.scaleUp.name;
    const perToken = experts.activeExperts * experts.hiddenSize * 2;
    out['expert all-to-all'] =
      `experts split over ${experts.degree} chips${experts.engines > 1 ? ` (tensor ${experts.degree / experts.engines} × ${experts.engines} data-parallel engines)` : ''}: ${experts.moeLayers} MoE layers × 2 exchanges (dispatch, combine) of ${fmt(perToken / 1e3)} kB per token (hidden ${experts.hiddenSize} × 2 B to each of ${experts.activeExperts} experts), ${experts.degree - 1}/${experts.degree} of it off-chip, over ${over}; counted with the all-reduces. Assumed: every chip receives an even share of the routed tokens (the hottest chip, which sets each step's time, is not modelled)`;
  }
  const gbps = (link: Link): string => `${fmt(link.bytesPerSecond / 1e9)} GB/s effective each way per chip`;
  if (tensor > 1 || topology.hopsWithinNode > 0 || experts) {
    out['chip link'] = `${topology.scaleUp.name}, ${gbps(topology.scaleUp)}${topology.scaleUp.assumed ? ` — assumed: ${topology.scaleUp.assumed}` : ''}`;
  }
  if (topology.network && (topology.tensorAcrossNodes || topology.hopsAcrossNodes > 0 || experts?.acrossNodes)) {
    const n = topology.network;
    out['network'] = `${n.name}, ${gbps(n)}, ${fmt(n.latencySeconds * 1e6)} µs per step${n.assumed ? ` — assumed: ${n.assumed}` : ''}`;
    out['crosses nodes'] = [
      topology.tensorAcrossNodes ? `tensor group of ${tensor} over nodes of ${topology.chipsPerNode}` : '',
      experts?.acrossNodes ? `expert group of ${experts.degree} over nodes of ${topology.chipsPerNode}` : '',
      topology.hopsAcrossNodes > 0 ? `${topology.hopsAcrossNodes} pipeline hop${topology.hopsAcrossNodes === 1 ? '' : 's'}` : '',
    ]
      .filter(Boolean)
      .join('; ');
  }
  return out;
}
