import type { Precision } from './types';

/**
 * What a checkpoint's name says beyond its base model: the quantization a re-release
 * carries (`…-FP8`, `…-AWQ`, `…-GPTQ-Int4`, `…-quantized.w8a8`, `…-NVFP4`, `-Int4`)
 * and the size it states (`7B`, `135M`, `8x7B`). A quantized checkpoint is its base
 * architecture at that precision, so the catalog looks the base name up.
 */

export interface QuantizedName {
  /** The name without its quantization suffixes, e.g. `Qwen/Qwen2.5-7B-Instruct`. */
  readonly base: string;
  /** The weight precision the suffix implies; undefined when it says none (e.g. `-GGUF`). */
  readonly precision: Precision | undefined;
  /** The suffixes removed, as written, e.g. `-FP8-dynamic`. */
  readonly suffix: string;
  /**
   * Set for a GGUF checkpoint: its repository holds files quantized from 2 to 16 bits, and
   * which one runs is the file's, not the name's, to say. (A `:Q4_K_M` tag names a file, but a
   * k-quant's bits per weight vary by tensor, so no precision stands for it.)
   */
  readonly precisionUnstated?: true;
  /** The llama.cpp quantization type a GGUF name gives its file (`Q4_K_M` in `…-GGUF:Q4_K_M` or `…-Q4_K_M.gguf`). */
  readonly ggufType?: string;
}

/**
 * Suffixes of quantized re-releases, innermost last. Each is matched at the end of
 * the name, case-insensitively, and several may stack (`-Instruct-GPTQ-Int4`).
 */
const SUFFIXES: readonly { readonly pattern: RegExp; readonly precision: Precision | undefined }[] = [
  // Qualifiers that only say how a precision is applied.
  { pattern: /[-_.](dynamic|static|static-pertensor|pertensor|block|kv|channelwise)$/i, precision: undefined },
  { pattern: /[-_.]quantized\.w4a16$/i, precision: 'int4' },
  { pattern: /[-_.]quantized\.w8a16$/i, precision: 'int8' },
  { pattern: /[-_.]quantized\.w8a8$/i, precision: 'int8' },
  { pattern: /[-_.]quantized\.w4a4$/i, precision: 'fp4' },
  { pattern: /[-_.]w4a16$/i, precision: 'int4' },
  { pattern: /[-_.]w8a8$/i, precision: 'int8' },
  { pattern: /[-_.](nvfp4|mxfp4|fp4)$/i, precision: 'fp4' },
  { pattern: /[-_.]fp8$/i, precision: 'fp8' },
  { pattern: /[-_.](gptq|awq)[-_.]int4$/i, precision: 'int4' },
  { pattern: /[-_.](gptq|awq)[-_.]int8$/i, precision: 'int8' },
  // GPTQ and AWQ checkpoints without a bit width are 4-bit by those tools' defaults.
  { pattern: /[-_.](awq|gptq)$/i, precision: 'int4' },
  { pattern: /[-_.](bnb[-_.])?4bit$/i, precision: 'int4' },
  { pattern: /[-_.](bnb[-_.])?8bit$/i, precision: 'int8' },
  { pattern: /[-_.]int4$/i, precision: 'int4' },
  { pattern: /[-_.]int8$/i, precision: 'int8' },
  // A GGUF repository (`…-GGUF`, with a file's tag `…-GGUF:Q4_K_M`) or file (`…-Q4_K_M.gguf`). Its
  // unquantized files say their float format; a llama.cpp quantization type is no catalog precision (see precisionUnstated).
  { pattern: /[-_.]gguf:bf16$|[-_.]bf16\.gguf$/i, precision: 'bf16' },
  { pattern: /[-_.]gguf:f16$|[-_.]f16\.gguf$/i, precision: 'fp16' },
  { pattern: /[-_.]gguf:f32$|[-_.]f32\.gguf$/i, precision: 'fp32' },
  { pattern: /[-_.]i?q\d\w*\.gguf$/i, precision: undefined },
  { pattern: /[-_.]gguf(:[\w.-]+)?$/i, precision: undefined },
  // Conversions to a wider float say their precision too (DeepSeek-R1-BF16 for GPUs without fp8).
  { pattern: /[-_.]bf16$/i, precision: 'bf16' },
  { pattern: /[-_.]fp16$/i, precision: 'fp16' },
];

/** The base name and implied precision of a quantized checkpoint's name; undefined when the name has no quantization suffix. */
export function parseQuantizedName(name: string): QuantizedName | undefined {
  let base = name.trim();
  let precision: Precision | undefined;
  let stripped = false;
  for (let changed = true; changed; ) {
    changed = false;
    for (const { pattern, precision: implied } of SUFFIXES) {
      const match = pattern.exec(base);
      if (!match || match.index === 0) continue;
      base = base.slice(0, match.index);
      // The outermost suffix that names a precision wins (`-AWQ-Int8` is int8; `-FP8-dynamic` is fp8).
      precision ??= implied;
      stripped = changed = true;
      break;
    }
  }
  if (!stripped) return undefined;
  const suffix = name.trim().slice(base.length);
  if (precision !== undefined || !/gguf/i.test(suffix)) return { base, precision, suffix };
  const ggufType = /(?::|[-_.])(i?q\d\w*)(?:\.gguf)?$/i.exec(suffix)?.[1];
  return { base, precision, suffix, precisionUnstated: true, ...(ggufType ? { ggufType } : {}) };
}

/** A Hugging Face repository id without its organisation (`unsloth/Llama-3.2-3B` → `Llama-3.2-3B`); undefined without one. */
export function withoutOrganisation(name: string): string | undefined {
  const slash = name.indexOf('/');
  return slash > 0 && slash < name.length - 1 ? name.slice(slash + 1) : undefined;
}

/**
 * The parameter count a name states, in billions: `7B` → 7, `0.5B` → 0.5, `135M` → 0.135,
 * `8x7B` → 56. An active-parameter tag (`A3B`) or an expert count (`16E`) is not a size.
 */
export function statedSizeB(name: string): number | undefined {
  const experts = /(?<![a-z0-9.])(\d+)x(\d+(?:\.\d+)?)b(?![a-z])/i.exec(name);
  if (experts) return Number(experts[1]) * Number(experts[2]);
  const size = /(?<![a-z0-9.])(\d+(?:\.\d+)?)([bm])(?![a-z])/i.exec(name);
  if (!size) return undefined;
  const value = Number(size[1]);
  return size[2]?.toLowerCase() === 'm' ? value / 1000 : value;
}

/** Whether a model of `parametersB` (or `activeB`) could be what a name stating `statedB` means: within 10× either way. */
export function sizeCompatible(statedB: number, parametersB: number, activeB?: number): boolean {
  const near = (b: number): boolean => b / statedB < 10 && statedB / b < 10;
  return near(parametersB) || (activeB !== undefined && near(activeB));
}
