import { sameRegion } from '../catalog/prices';
import type { Chip, Instance, Precision } from '../catalog/types';
import type { DeploymentSpec, FieldKey, FieldValue } from '../manifest/deployment';
import { FORMAT_NAMES } from '../manifest/deployment';
import { declared, editField, type Field, type Insertion, type OffsetEdit } from '../manifest/provenance';
import { resourceVendor } from '../manifest/resources';
import { logicalCoresPerChip } from './neuron';
import type { Resolution } from './resolve';

/** Where to move a deployment: a catalog instance, the tensor degree over its chips, and the weights' precision. */
export interface Target {
  readonly instance: Instance;
  readonly chip: Chip;
  /** Tensor-parallel degree in chips. */
  readonly tensor: number;
  readonly precision: Precision;
  /** The region to price in, when the move changes region (Compare across regions). */
  readonly region?: string;
}

/**
 * A deployment moved to a target: the spec as it would read after the move, and
 * either the edits that make the manifest say so, or the changes a person has to
 * make because the format cannot express the move by rewriting fields.
 */
export type Retargeted =
  | { readonly kind: 'edit'; readonly spec: DeploymentSpec; readonly edits: readonly OffsetEdit[] }
  | { readonly kind: 'manual'; readonly spec: DeploymentSpec; readonly changes: readonly string[] };

/**
 * The one place that knows how a deployment moves to another instance,
 * accelerator count, parallelism or precision, in every format. Compare Hardware
 * estimates the spec it returns, Apply writes its edits, and quick fixes that
 * change hardware use it. Edits replace only what the manifest declares, insert
 * what an engine or format implied, and change an inferred value only at its one
 * editable source; anything else makes the move manual, with what to change.
 */
export function retarget(spec: DeploymentSpec, resolution: Resolution, target: Target): Retargeted {
  const move = new Move(spec);
  const native = spec.format === 'inference-deployment';
  if (!native) checkPortable(move, spec, resolution, target);
  const unitsPerChip = spec.parallelUnit === 'neuron-core' && target.chip.family === 'aws-neuron' ? (logicalCoresPerChip(target.chip, spec.neuronLogicalCores) ?? 1) : 1;
  if (!moveCandidate(move, spec, resolution, target)) {
    moveInstance(move, spec, resolution, target);
    moveCount(move, spec, target, unitsPerChip);
  }
  moveParallelism(move, spec, target, unitsPerChip);
  movePrecision(move, spec, resolution, target, native);
  moveRegion(move, spec, target);
  return move.result();
}

/** A move being planned: the fields' new values, the edits, and what has to be done by hand. */
class Move {
  private readonly fields: Record<string, unknown>;
  private readonly edits: OffsetEdit[] = [];
  private readonly changes: string[] = [];

  constructor(private readonly spec: DeploymentSpec) {
    this.fields = { ...spec };
  }

  /** Sets a field to a value, editing the manifest where the field can be edited. */
  set<K extends FieldKey>(key: K, value: FieldValue<K>, what: string): void {
    const field = this.spec[key] as Field<FieldValue<K>> | undefined;
    if (!field) {
      this.manual(`set ${what} to ${value} (the manifest does not declare it)`);
      return;
    }
    this.fields[key] = { ...field, value };
    if (field.value === value) return;
    const edit = editField(field, String(value));
    if ('edits' in edit) this.edits.push(...edit.edits);
    else this.manual(`set ${what} to ${value} (${edit.reason})`);
  }

  /** Sets a field that the manifest does not have, writing it where the format says it goes. */
  add<K extends FieldKey>(key: K, value: FieldValue<K>, slot: Insertion | undefined, what: string): void {
    this.fields[key] = declared({ value, span: slot ? { start: slot.at, end: slot.at } : this.spec.hardwareSpan });
    if (slot) this.edits.push({ start: slot.at, end: slot.at, newText: slot.prefix + String(value) + slot.suffix });
    else this.manual(`add ${what} ${value}`);
  }

  /** Replaces text directly (an entry whose key changes too), setting the field it now holds. */
  rewrite<K extends FieldKey>(key: K, value: FieldValue<K>, edit: OffsetEdit): void {
    this.fields[key] = declared({ value, span: { start: edit.start, end: edit.start + edit.newText.length } });
    this.edits.push(edit);
  }

  /** A field whose value follows from other edits: its new value, and no edit. */
  follow<K extends FieldKey>(key: K, value: FieldValue<K>): void {
    const field = this.spec[key];
    if (field) this.fields[key] = { ...field, value };
  }

  remove(key: FieldKey | 'choice'): void {
    delete this.fields[key];
  }

  manual(change: string): void {
    if (!this.changes.includes(change)) this.changes.push(change);
  }

  result(): Retargeted {
    const spec = this.fields as unknown as DeploymentSpec;
    const edits = [...this.edits].sort((a, b) => b.start - a.start || b.end - a.end);
    const overlapping = edits.some((edit, i) => i > 0 && edit.end > (edits[i - 1]?.start ?? Infinity));
    if (overlapping) this.manual('the changes touch the same text; make them by hand');
    if (this.changes.length > 0) return { kind: 'manual', spec, changes: this.changes };
    return { kind: 'edit', spec, edits };
  }
}

/**
 * What a container-based manifest cannot change by rewriting fields: another
 * vendor's accelerators need another resource name, image and serving flags;
 * a multi-node group is launched differently from one instance.
 */
function checkPortable(move: Move, spec: DeploymentSpec, resolution: Resolution, target: Target): void {
  const current = resolution.chip;
  const pinned = spec.pins?.resource;
  const vendor = (pinned && resourceVendor(pinned)) ?? current?.vendor;
  if (vendor && vendor !== target.chip.vendor) {
    const setUp = current ? current.name : pinned;
    move.manual(`${target.chip.name} needs its own resource name, serving image and engine flags: this manifest is set up for ${setUp}`);
  }
  if (spec.podsPerReplica && spec.podsPerReplica.value > 1) {
    move.manual(`run one ${target.instance.id} per replica instead of a group of ${spec.podsPerReplica.value} nodes (the group's launch script changes)`);
  }
  if (spec.provider && spec.provider !== target.instance.provider) {
    move.manual(`move the deployment from ${spec.provider.toUpperCase()} to ${target.instance.provider.toUpperCase()}`);
  }
}

/** An instance as its provider spells it (`Standard_NC40ads_H100_v5`): node labels compare case-sensitively. */
export function writtenName(instance: Instance): string {
  return instance.name !== undefined && instance.name.toLowerCase() === instance.id.toLowerCase() ? instance.name : instance.id;
}

function moveInstance(move: Move, spec: DeploymentSpec, resolution: Resolution, target: Target): void {
  const id = writtenName(target.instance);
  if (spec.instance) {
    move.set('instance', id, 'the instance type');
    return;
  }
  if (spec.format === 'inference-deployment' && spec.accelerator?.origin === 'declared' && spec.accelerator.keySpan) {
    // A bare accelerator becomes the instance: the entry is rewritten, key and all.
    move.rewrite('instance', id, { start: spec.accelerator.keySpan.start, end: spec.accelerator.span.end, newText: `instance: ${id}` });
    move.remove('accelerator');
    return;
  }
  if (spec.accelerator) {
    // Hardware named by an accelerator (a node label, SkyPilot's or Ray's accelerator name): the same chip stays.
    if (resolution.chip?.id !== target.chip.id) {
      const label = spec.pins?.acceleratorLabel ? `the node label ${spec.pins.acceleratorLabel}` : 'the accelerator name';
      move.manual(`set ${label} to the name ${FORMAT_NAMES[spec.format]} uses for ${target.chip.name}`);
    }
    // The machine is the cluster's (or the catalog's cheapest) pick for the chip and count: Compare checks it lands on the target.
    return;
  }
  move.add('instance', id, spec.slots?.instance, 'a node selector for the instance type');
}

/**
 * A SkyPilot task whose hardware is the optimizer's pick among candidates: left as
 * it is, the optimizer would pick again. A set or list of accelerators of which the
 * target's chip is the pick becomes that one accelerator with the target's count;
 * anything else (another chip, `any_of`/`ordered` entries) is for a person to write.
 * Returns whether the hardware was handled here.
 */
function moveCandidate(move: Move, spec: DeploymentSpec, resolution: Resolution, target: Target): boolean {
  const choice = spec.choice;
  if (!choice || resolution.instance?.id === target.instance.id) return false;
  const count = target.instance.acceleratorCount;
  if (!choice.acceleratorsOnly || !spec.accelerator || resolution.chip?.id !== target.chip.id) {
    move.manual(`write ${target.chip.name} ×${count} (${target.instance.id}) as the only candidate in resources: SkyPilot's optimizer chooses among the ${choice.of} written`);
    return true;
  }
  const written = `${spec.accelerator.value}:${count}`;
  move.rewrite('accelerator', spec.accelerator.value, { start: choice.span.start, end: choice.span.end, newText: written });
  move.follow('acceleratorsPerPod', count);
  move.remove('choice');
  return true;
}

/** Accelerators per pod (or node, or instance) in the format's unit: all of the target instance's. */
function moveCount(move: Move, spec: DeploymentSpec, target: Target, unitsPerChip: number): void {
  const perPod = target.instance.acceleratorCount * (spec.acceleratorUnit === 'neuron-core' ? unitsPerChip : 1);
  const pods = spec.acceleratorsPerPod;
  // A count derived from the parallelism (Ray's one accelerator per worker) moves with it: no edit of its own.
  if (pods?.origin === 'inferred' && !pods.editable) move.follow('acceleratorsPerPod', target.tensor);
  else if (pods) move.set('acceleratorsPerPod', perPod, 'the accelerators per pod');
  if (spec.count) move.set('count', target.instance.acceleratorCount, 'count');
}

/** Tensor parallelism over the target's chips (in the manifest's unit), one pipeline stage and one engine. */
function moveParallelism(move: Move, spec: DeploymentSpec, target: Target, unitsPerChip: number): void {
  const tensor = target.tensor * (spec.parallelUnit === 'neuron-core' ? unitsPerChip : 1);
  const all = target.instance.acceleratorCount * (spec.parallelUnit === 'neuron-core' ? unitsPerChip : 1);
  if (spec.pipeline && spec.pipeline.value !== 1) move.set('pipeline', 1, 'the pipeline-parallel size');
  // The target is one engine of `tensor` chips: data-parallel engines go back to one.
  if (spec.dataParallel && spec.dataParallel.value !== 1) move.set('dataParallel', 1, 'the data-parallel size');
  if (spec.dataParallelLocal && spec.dataParallelLocal.value !== 1) move.set('dataParallelLocal', 1, 'the data-parallel engines per node');
  // SGLang refuses attention ranks that do not divide the tensor group.
  if (spec.attentionRanks && tensor % spec.attentionRanks.value !== 0) move.set('attentionRanks', 1, 'the data-parallel attention size');
  const current = spec.tensor;
  if (current?.origin === 'inferred' && current.follows === 'acceleratorsPerPod' && tensor === all) {
    // `$SKYPILOT_NUM_GPUS_PER_NODE` and the like become the new count by themselves.
    move.follow('tensor', tensor);
    return;
  }
  if (current?.origin === 'inferred' && current.follows === 'acceleratorsPerPod') {
    move.manual(`set the tensor-parallel size to ${tensor} (it is ${current.reason})`);
    return;
  }
  if (current) {
    move.set('tensor', tensor, 'the tensor-parallel size');
    return;
  }
  // Without a declared degree the engine uses every accelerator of the replica: only a smaller degree is written.
  if (tensor !== all) move.add('tensor', tensor, spec.slots?.tensor, 'a tensor-parallel size of');
}

function movePrecision(move: Move, spec: DeploymentSpec, resolution: Resolution, target: Target, native: boolean): void {
  if (resolution.precision === undefined || resolution.precision === target.precision) return;
  if (native && spec.precision) move.set('precision', target.precision, 'the precision');
  else if (native) move.add('precision', target.precision, spec.slots?.precision, 'precision');
  else move.manual(`serve the model in ${target.precision} instead of ${resolution.precision} (another checkpoint or quantization flag)`);
}

/** A declared region changes with the move; an undeclared one stays the catalog's pick. */
function moveRegion(move: Move, spec: DeploymentSpec, target: Target): void {
  if (target.region === undefined || !spec.region || sameRegion(spec.region.value, target.region)) return;
  move.set('region', target.region, 'the region');
}
