import type { Precision } from '../../catalog/types';

/**
 * vLLM TPU (tpu-inference) quantizes a model on load with Qwix rules written in
 * `--additional-config`: `{"quantization": {"qwix": {"rules": [{"module_path": ".*",
 * "weight_qtype": "float8_e4m3fn"}]}}}`. Each rule names the modules it matches (a
 * regular expression) and the type their weights become.
 */

/** Qwix weight types (JAX dtype names) and the precision they store weights at. */
const WEIGHT_TYPES: Readonly<Record<string, Precision>> = {
  float8_e4m3fn: 'fp8',
  float8_e4m3: 'fp8',
  float8_e4m3fnuz: 'fp8',
  float8_e5m2: 'fp8',
  float8_e5m2fnuz: 'fp8',
  int8: 'int8',
  int4: 'int4',
};

/** The weights' precision, and the rule that says it, in words. */
export interface QwixPrecision {
  readonly precision: Precision;
  readonly rule: string;
}

/**
 * The weights' precision the Qwix rules give the whole model: every rule quantizes
 * weights to the same known type, and one rule matches every module (`.*`, Qwix's
 * default). Anything less certain (rules for some modules only, mixed or unknown
 * types, a config file named instead of rules, text that is not JSON) says nothing.
 */
export function qwixWeightPrecision(additionalConfig: string): QwixPrecision | undefined {
  const rules = qwixRules(additionalConfig);
  if (rules === undefined || rules.length === 0) return undefined;
  const types = new Set(rules.map((rule) => rule['weight_qtype']));
  const [type] = types;
  const precision = types.size === 1 && typeof type === 'string' ? WEIGHT_TYPES[type] : undefined;
  const everyModule = rules.some((rule) => rule['module_path'] === undefined || rule['module_path'] === '.*');
  if (precision === undefined || !everyModule) return undefined;
  return { precision, rule: `weight_qtype ${type} for module_path ".*"` };
}

function qwixRules(text: string): readonly Record<string, unknown>[] | undefined {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return undefined;
  }
  const rules = member(member(member(config, 'quantization'), 'qwix'), 'rules');
  if (!Array.isArray(rules) || !rules.every(isRecord)) return undefined;
  return rules;
}

function member(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
