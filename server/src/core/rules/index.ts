import type { Finding } from '../findings';
import { acceleratorsExceedInstance } from './acceleratorsExceedInstance';
import { contextTooLong } from './contextTooLong';
import { estimateUnavailable } from './estimateUnavailable';
import { expertParallelDense } from './expertParallelDense';
import { hardwareContradiction } from './hardwareContradiction';
import { hardwareDeclaration } from './hardwareDeclaration';
import { hardwareUnidentified } from './hardwareUnidentified';
import { memoryExceeded } from './memoryExceeded';
import { sharedGpu } from './sharedGpu';
import { modelUnidentified } from './modelUnidentified';
import { noPrice } from './noPrice';
import { parallelismMismatch } from './parallelismMismatch';
import { regionNotOffered } from './regionNotOffered';
import { replicasInsufficient } from './replicasInsufficient';
import type { Rule, RuleContext } from './rule';
import { sloTpot, sloTtft } from './slo';
import { tensorHeads } from './tensorHeads';
import { tpuTopology } from './tpuTopology';
import { unknownAccelerator } from './unknownAccelerator';
import { unknownInstance } from './unknownInstance';
import { unknownModel } from './unknownModel';
import { unknownResource } from './unknownResource';
import { unsupportedPrecision } from './unsupportedPrecision';
import { valueUnresolved } from './valueUnresolved';

/** Every rule, in the order their findings are listed for a deployment. */
export const RULES: readonly Rule[] = [
  hardwareDeclaration,
  unknownResource,
  valueUnresolved,
  unknownInstance,
  unknownAccelerator,
  hardwareContradiction,
  acceleratorsExceedInstance,
  tpuTopology,
  hardwareUnidentified,
  sharedGpu,
  unknownModel,
  modelUnidentified,
  regionNotOffered,
  noPrice,
  unsupportedPrecision,
  parallelismMismatch,
  tensorHeads,
  expertParallelDense,
  contextTooLong,
  memoryExceeded,
  sloTtft,
  sloTpot,
  replicasInsufficient,
  estimateUnavailable,
];

/** Runs every rule; a rule that throws becomes a finding instead of taking the others down. */
export function runRules(context: RuleContext): Finding[] {
  return RULES.flatMap((rule) => {
    try {
      return rule.check(context);
    } catch (error) {
      return [
        {
          code: 'internal-error' as const,
          severity: 'warning' as const,
          message: `Internal error in rule ${rule.id}: ${error instanceof Error ? error.message : String(error)}`,
          span: context.spec.anchor,
        },
      ];
    }
  });
}
