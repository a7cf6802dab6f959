import type { Chip } from '../catalog/types';

/**
 * AWS Neuron chips whose NeuronCores are grouped into logical cores by default
 * (logical NeuronCore config, LNC = 2 on Trainium2 and Trainium3; 1 elsewhere).
 * Serving engines count tensor parallelism in logical cores.
 * https://awsdocs-neuron.readthedocs-hosted.com/en/latest/general/arch/neuron-features/logical-neuroncore-config.html
 */
const DEFAULT_LOGICAL_CORE_GROUPING: Readonly<Record<string, number>> = { trainium2: 2, trainium3: 2 };

/** Logical NeuronCores per chip, the unit Neuron engines count; undefined when the chip's core count is not published. */
export function logicalCoresPerChip(chip: Chip, logicalCoreConfig?: number): number | undefined {
  if (chip.cores === undefined) return undefined;
  const grouping = logicalCoreConfig ?? DEFAULT_LOGICAL_CORE_GROUPING[chip.id] ?? 1;
  return Math.max(1, Math.floor(chip.cores / grouping));
}
