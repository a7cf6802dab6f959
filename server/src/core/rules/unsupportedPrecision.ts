import { computePrecision, noMatrixUnitFor } from '../estimator/speed';
import { replaceFix, type Rule } from './rule';

/**
 * Weights in a precision the chip's matrix units lack still run (dequantized on
 * the fly), but at the speed of the precision they fall back to (see
 * `noMatrixUnitFor` for what counts).
 */
export const unsupportedPrecision: Rule = {
  id: 'unsupported-precision',
  check({ spec, resolution }) {
    const chip = resolution.chip;
    const declared = spec.precision;
    if (!chip?.denseTflops || !declared || !noMatrixUnitFor(chip, declared.value)) return [];
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
