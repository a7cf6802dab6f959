import type { Precision } from '../../catalog/types';
import type { Span } from '../../span';
import { declared, inferred, type Field } from '../provenance';
import type { Token } from '../servingCommand';
import { precisionOf } from './serving';

/**
 * JetStream's MaxText engine (`maxengine-server` images, `MaxText.maxengine_server`)
 * takes MaxText's config overrides as `key=value` words, not options: the model is
 * `model_name` (MaxText's own names, such as `gemma-7b` or `llama2-7b`), the weights'
 * type `weight_dtype`, and quantized weights `quantization` (`int8`, `fp8`, …). How
 * the model is sharded (`ici_*_parallelism`, `-1` for "the rest of the chips") is a
 * mesh, not a tensor degree, so no degree is read: the replica's chips are used.
 */
export interface MaxTextFields {
  readonly model?: Field<string>;
  readonly precision?: Field<Precision>;
}

const MAXTEXT_IMAGE = /maxengine|maxtext/i;
const MAXTEXT_WORD = /maxengine_server|(^|\/)MaxText\//;

export function readMaxText(tokens: readonly Token[], image: string): MaxTextFields {
  if (!MAXTEXT_IMAGE.test(image) && !tokens.some((t) => MAXTEXT_WORD.test(t.text))) return {};
  const model = setting(tokens, 'model_name');
  const quantization = setting(tokens, 'quantization');
  const weights = setting(tokens, 'weight_dtype');
  const from = quantization ?? weights;
  const precision = quantization ? precisionOf(quantization.value, undefined) : weights ? precisionOf(undefined, weights.value) : undefined;
  return {
    ...(model ? { model } : {}),
    ...(precision && from ? { precision: inferred(precision, from.span, `from MaxText ${from === quantization ? 'quantization' : 'weight_dtype'}=${from.value}`, [from.span]) } : {}),
  };
}

/**
 * The last `key=value` word for the key (MaxText applies overrides in order): declared
 * at the value's text when the word is written as it reads, else inferred from the word.
 */
function setting(tokens: readonly Token[], key: string): Field<string> | undefined {
  const word = [...tokens].reverse().find((t) => t.text.startsWith(`${key}=`) && t.text.length > key.length + 1);
  if (!word) return undefined;
  const value = word.text.slice(key.length + 1);
  if (value.includes('$')) return undefined;
  const exact = word.end - word.start === word.text.length;
  const span: Span = exact ? { start: word.start + key.length + 1, end: word.end } : { start: word.start, end: word.end };
  return exact ? declared({ value, span }) : inferred(value, span, `MaxText ${key}=${value}`, [span]);
}
