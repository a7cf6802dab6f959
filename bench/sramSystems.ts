// Rows measured on SRAM parts (Cerebras wafers, Groq LPUs) rarely say how many chips
// served them: the vendors publish one user's speed, not the system. Such a row is
// sized here as the fewest chips whose SRAM holds the weights and one sequence's KV
// cache, laid out as one layer range per stage (pipeline = chips, at most one stage per
// layer) and the rest as tensor parallelism within a stage. The bench prints the size
// it chose, so the comparison with the vendor's figure says what it assumes.
import type { Catalog } from '../server/src/core/catalog/catalog';
import type { Precision } from '../server/src/core/catalog/types';
import { analyze } from '../server/src/core/engine/analyze';
import { weightBytes } from '../server/src/core/estimator/memory';
import { DEFAULT_ASSUMPTIONS } from '../server/src/core/estimator/assumptions';
import { rowManifest, type CalibrationRow } from './calibration';

/** How far above the weights-only bound the search looks for room for the KV cache. */
const MAX_EXTRA_CHIPS = 64;

/** The row as estimated: unchanged, or with the fewest SRAM chips that hold the model when its source states none. */
export function sizedForSram<R extends CalibrationRow>(row: R, catalog: Catalog): R & { readonly sized?: true } {
  const chip = catalog.chip(row.accelerator);
  const model = catalog.model(row.model);
  if (row.accelerators !== '' || !chip?.sramMB || chip.memoryGB !== undefined || !model) return row;
  const precision = row.precision === '' ? (model.nativePrecision ?? 'bf16') : (row.precision as Precision);
  const perChip = (chip.sramMB / 1000) * 1e9 * DEFAULT_ASSUMPTIONS.memoryUtilization;
  const fewest = Math.max(1, Math.ceil(weightBytes(model, precision) / perChip));
  for (let chips = fewest; chips <= fewest + MAX_EXTRA_CHIPS; chips++) {
    const sized = { ...row, ...layout(chips, model.layers), sized: true as const };
    if (analyze(rowManifest(sized, catalog), catalog).deployments[0]?.estimate?.memory?.fits) return sized;
  }
  return row;
}

/** `chips` laid out as pipeline stages of whole layers, widened by tensor parallelism once there are more chips than layers. */
function layout(chips: number, layers: number): Pick<CalibrationRow, 'accelerators' | 'tensor' | 'pipeline'> {
  const pipeline = Math.min(chips, layers);
  const tensor = Math.ceil(chips / pipeline);
  return { accelerators: String(tensor * pipeline), tensor: String(tensor), pipeline: String(pipeline) };
}
