import { computePrecision } from '../estimator/speed';
import { replaceFix, type Rule } from './rule';

/** Precisions CPUs compute natively without a published rate (see the check below). */
const CPU_UNRATED: ReadonlySet<string> = new Set(['bf16', 'fp16', 'int8']);

/** Width of the float formats matrix units run, to tell a wider format from a narrower one. */
const FLOAT_BITS: Readonly<Record<string, number>> = { fp4: 4, fp8: 8, fp16: 16, bf16: 16, fp32: 32 };

/**
 * Weights in a precision the chip's matrix units lack still run (dequantized on
 * the fly), but at the speed of the precision they fall back to. int4 is always
 * weight-only, so it is not reported.
 */
export const unsupportedPrecision: Rule = {
  id: 'unsupported-precision',
  check({ spec, resolution }) {
    const chip = resolution.chip;
    const declared = spec.precision;
    if (!chip || !declared || declared.value === 'int4' || !chip.denseTflops) return [];
    // A CPU's recorded peak is its fp32 vector rate, the one its vendor's figures give;
    // its 16-bit and int8 instructions exist but publish no rate, so "no native bf16"
    // would be false (Graviton3 and 4 have BFMMLA). fp8 and fp4 are still reported.
    if (chip.type === 'cpu' && CPU_UNRATED.has(declared.value)) return [];
    if (chip.denseTflops[declared.value] !== undefined || chip.unratedPrecisions?.includes(declared.value)) return [];
    // A chip whose vendor publishes only a narrower float's peak (GB300: fp4) runs the
    // wider ones natively too; their rate is unpublished, not absent, and the estimate
    // already says which peak it lacks.
    const bits = FLOAT_BITS[declared.value];
    if (bits !== undefined && Object.keys(chip.denseTflops).some((p) => (FLOAT_BITS[p] ?? Infinity) < bits)) return [];
    const fallback = computePrecision(chip, declared.value);
    const native = Object.keys(chip.denseTflops).join(', ');
    const speed = fallback ? ` Matrix multiplies will run at ${fallback} speed (${chip.denseTflops[fallback]} TFLOPS dense).` : '';
    return [
      {
        code: 'unsupported-precision',
        severity: 'warning',
        message: `${chip.name} has no native ${declared.value} support (native: ${native}).${speed}`,
        span: declared.span,
        ...replaceFix(declared, fallback ? [fallback] : []),
      },
    ];
  },
};
