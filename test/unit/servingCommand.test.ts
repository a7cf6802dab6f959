import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseServingCommand, shellTokens, type Token } from '../../server/src/core/manifest/servingCommand';

/** Tokens of a list of arguments as a container's `args:` would give them, each at its offset in `words.join(' ')`. */
function argv(words: readonly string[]): Token[] {
  let offset = 0;
  return words.map((text) => {
    const token = { text, start: offset, end: offset + text.length };
    offset += text.length + 1;
    return token;
  });
}

/** The span of the `nth` occurrence of `needle` in `text`. */
function spanOf(text: string, needle: string, nth = 1): { start: number; end: number } {
  let start = -1;
  for (let i = 0; i < nth; i++) start = text.indexOf(needle, start + 1);
  assert.ok(start >= 0, `${needle} not in ${text}`);
  return { start, end: start + needle.length };
}

/** Parses a one-line command written as a shell string. */
function parse(command: string) {
  return parseServingCommand(shellTokens(command));
}

describe('parseServingCommand: vLLM', () => {
  it('reads vllm serve with a positional model and short and long options', () => {
    const command = 'vllm serve meta-llama/Llama-3.1-70B-Instruct -tp 8 --max-model-len 32768 --quantization fp8 --kv-cache-dtype fp8_e4m3 --trust-remote-code --max-num-seqs 256';
    const { options, spans } = parse(command);
    assert.deepEqual(options, {
      engine: 'vllm',
      model: 'meta-llama/Llama-3.1-70B-Instruct',
      tensorParallel: 8,
      maxModelLen: 32768,
      quantization: 'fp8',
      kvCacheDtype: 'fp8_e4m3',
      maxNumSeqs: 256,
    });
    assert.deepEqual(spans.model, spanOf(command, 'meta-llama/Llama-3.1-70B-Instruct'));
    assert.deepEqual(spans.tensorParallel, spanOf(command, '8'));
    assert.deepEqual(spans.maxModelLen, spanOf(command, '32768'));
    assert.deepEqual(spans.quantization, spanOf(command, 'fp8'));
    assert.deepEqual(spans.kvCacheDtype, spanOf(command, 'fp8_e4m3'));
    assert.deepEqual(spans.maxNumSeqs, spanOf(command, '256'));
  });

  it('reads --opt=value forms with the span of the value alone', () => {
    const command = 'vllm serve M --tensor-parallel-size=4 --pipeline-parallel-size=2 --dtype=bfloat16 -q=awq --max-model-len=8192';
    const { options, spans } = parse(command);
    assert.deepEqual(options, { engine: 'vllm', model: 'M', tensorParallel: 4, pipelineParallel: 2, dtype: 'bfloat16', quantization: 'awq', maxModelLen: 8192 });
    assert.deepEqual(spans.tensorParallel, spanOf(command, '4'));
    assert.deepEqual(spans.pipelineParallel, { start: command.indexOf('=2') + 1, end: command.indexOf('=2') + 2 });
    assert.deepEqual(spans.dtype, spanOf(command, 'bfloat16'));
    assert.deepEqual(spans.quantization, spanOf(command, 'awq'));
    assert.deepEqual(spans.maxModelLen, spanOf(command, '8192'));
  });

  it('reads python -m vllm.entrypoints.openai.api_server with --model', () => {
    const { options } = parse('python3 -u -m vllm.entrypoints.openai.api_server --model /models/qwen --port 8000 --tensor-parallel-size 2 -pp 2');
    assert.deepEqual(options, { engine: 'vllm', model: '/models/qwen', tensorParallel: 2, pipelineParallel: 2 });
    assert.deepEqual(parse('python -m vllm.entrypoints.api_server --model X').options, { engine: 'vllm', model: 'X' });
  });

  it('does not take an unknown option’s value, or a known option’s value, for the positional model', () => {
    assert.equal(parse('vllm serve --port 8000 MODEL').options.model, 'MODEL');
    assert.equal(parse('vllm serve --some-new-option 3 --model MODEL').options.model, 'MODEL');
    assert.equal(parse('vllm serve --enforce-eager MODEL').options.model, 'MODEL');
    assert.equal(parse('vllm serve --some-new-flag MODEL --model OTHER').options.model, 'OTHER');
    assert.equal(parse('vllm serve POSITIONAL --model FLAG').options.model, 'POSITIONAL');
  });

  it('reads vLLM’s suffixed context lengths (1k = 1000, 1K = 1024)', () => {
    assert.equal(parse('vllm serve M --max-model-len 32k').options.maxModelLen, 32000);
    assert.equal(parse('vllm serve M --max-model-len 32K').options.maxModelLen, 32768);
    assert.equal(parse('vllm serve M --max-model-len 25.6k').options.maxModelLen, 25600);
    assert.equal(parse('vllm serve M --max-model-len 1.5K').options.maxModelLen, undefined);
    assert.equal(parse('vllm serve M --max-num-seqs 1k').options.maxNumSeqs, undefined);
  });

  it('lets the last of a repeated option win, as argparse does', () => {
    assert.equal(parse('vllm serve M -tp 2 --tensor-parallel-size 4').options.tensorParallel, 4);
    assert.equal(parse('vllm serve M -tp 2 -tp $TP').options.tensorParallel, undefined);
  });
});

describe('parseServingCommand: SGLang and TGI', () => {
  it('reads SGLang --model-path and --tp', () => {
    const command = 'python -m sglang.launch_server --model-path deepseek-ai/DeepSeek-V3 --tp 8 --context-length 65536 --quantization fp8 --kv-cache-dtype fp8_e5m2 --max-running-requests 64 --mem-fraction-static 0.85';
    const { options, spans } = parse(command);
    assert.deepEqual(options, {
      engine: 'sglang',
      model: 'deepseek-ai/DeepSeek-V3',
      tensorParallel: 8,
      maxModelLen: 65536,
      quantization: 'fp8',
      kvCacheDtype: 'fp8_e5m2',
      maxNumSeqs: 64,
    });
    assert.deepEqual(spans.model, spanOf(command, 'deepseek-ai/DeepSeek-V3'));
    assert.deepEqual(parse('python3 -m sglang.launch_server --model M --tp-size=2 --pp-size 2').options, { engine: 'sglang', model: 'M', tensorParallel: 2, pipelineParallel: 2 });
  });

  it('reads TGI --model-id, --num-shard and --quantize', () => {
    const command = 'text-generation-launcher --model-id mistralai/Mistral-7B-v0.1 --num-shard 2 --quantize bitsandbytes --max-total-tokens 4096 --max-concurrent-requests 128 --port 80';
    const { options, spans } = parse(command);
    assert.deepEqual(options, { engine: 'tgi', model: 'mistralai/Mistral-7B-v0.1', tensorParallel: 2, quantization: 'bitsandbytes', maxModelLen: 4096, maxNumSeqs: 128 });
    assert.deepEqual(spans.quantization, spanOf(command, 'bitsandbytes'));
    // TGI has no --model: it is not read as the model.
    assert.deepEqual(parse('text-generation-launcher --model X').options, { engine: 'tgi' });
  });
});

describe('parseServingCommand: bare arguments', () => {
  it('reads a container args array without the program, engine unknown when the options are shared', () => {
    const words = ['--model', 'X', '--tensor-parallel-size', '8', '--dtype', 'half'];
    const { options, spans } = parseServingCommand(argv(words));
    assert.deepEqual(options, { engine: 'unknown', model: 'X', tensorParallel: 8, dtype: 'half' });
    assert.deepEqual(spans.tensorParallel, spanOf(words.join(' '), '8'));
  });

  it('names the engine from options only it has', () => {
    assert.deepEqual(parseServingCommand(argv(['--model', 'X', '--max-model-len', '4096'])).options, { engine: 'vllm', model: 'X', maxModelLen: 4096 });
    assert.deepEqual(parseServingCommand(argv(['--model-path', 'X', '--tp', '4'])).options, { engine: 'sglang', model: 'X', tensorParallel: 4 });
    assert.deepEqual(parseServingCommand(argv(['--model-id', 'X', '--num-shard', '4'])).options, { engine: 'tgi', model: 'X', tensorParallel: 4 });
    // The vLLM image's entrypoint is `vllm serve`, so its args may start with the model.
    assert.deepEqual(parseServingCommand(argv(['org/model', '--max-num-seqs', '32'])).options, { engine: 'vllm', model: 'org/model', maxNumSeqs: 32 });
  });

  it('leaves the engine unknown when options of two engines are mixed, and skips names whose meaning differs', () => {
    const { options } = parseServingCommand(argv(['--max-model-len', '4096', '--num-shard', '2', '--max-total-tokens', '9']));
    assert.deepEqual(options, { engine: 'unknown', maxModelLen: 4096, tensorParallel: 2 });
  });
});

describe('shellTokens', () => {
  it('splits words, quotes, escapes and operators with offsets into the script', () => {
    const script = `echo 'a b' "c \\"d\\" $HOME" e\\ f ${'${X:-1}'} $(nproc)&&x;y|z 2>&1 >>log`;
    const tokens = shellTokens(script, 100);
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['echo', 'a b', 'c "d" $HOME', 'e f', '${X:-1}', '$(nproc)', '&&', 'x', ';', 'y', '|', 'z', '2>&', '1', '>>', 'log'],
    );
    assert.deepEqual(
      tokens.map((t) => script.slice(t.start - 100, t.end - 100)),
      ['echo', "'a b'", '"c \\"d\\" $HOME"', 'e\\ f', '${X:-1}', '$(nproc)', '&&', 'x', ';', 'y', '|', 'z', '2>&', '1', '>>', 'log'],
    );
  });

  it('joins continued lines, makes newlines separators and drops comments', () => {
    const tokens = shellTokens('a \\\n  b # note\nc');
    assert.deepEqual(tokens.map((t) => t.text), ['a', 'b', '\n', 'c']);
  });

  it('never throws on unterminated quotes or expansions', () => {
    assert.deepEqual(shellTokens("a 'b c").map((t) => t.text), ['a', 'b c']);
    assert.deepEqual(shellTokens('a "b c').map((t) => t.text), ['a', 'b c']);
    assert.deepEqual(shellTokens('a $(b c').map((t) => t.text), ['a', '$(b c']);
    assert.deepEqual(shellTokens(''), []);
  });
});

describe('parseServingCommand through shellTokens', () => {
  it('reads the serving command of an sh -c script, with spans into the document', () => {
    const document = `args:\n  - |\n    pip install 'vllm==0.6.3' && \\\n    exec vllm serve "/models/My Model \\"v2\\"" --tensor-parallel-size=8 --served-model-name 'my model' --max-model-len=16384 2>&1 | tee /tmp/log\n`;
    const base = document.indexOf('pip');
    const script = document.slice(base);
    const { options, spans } = parseServingCommand(shellTokens(script, base));
    assert.deepEqual(options, { engine: 'vllm', model: '/models/My Model "v2"', tensorParallel: 8, maxModelLen: 16384 });
    const written = (span: { start: number; end: number } | undefined) => span && document.slice(span.start, span.end);
    assert.equal(written(spans.model), '"/models/My Model \\"v2\\""');
    assert.deepEqual(spans.tensorParallel, { start: document.indexOf('=8') + 1, end: document.indexOf('=8') + 2 });
    assert.equal(written(spans.maxModelLen), '16384');
  });

  it('puts the span of a quoted --opt="value" on the value with its quotes', () => {
    const script = 'vllm serve --model="org/a b" --dtype float16';
    const { options, spans } = parse(script);
    assert.deepEqual(options, { engine: 'vllm', model: 'org/a b', dtype: 'float16' });
    assert.deepEqual(spans.model, spanOf(script, '"org/a b"'));
  });

  it('does not read shell variables as numbers or names', () => {
    const { options } = parse('vllm serve $MODEL --tensor-parallel-size $TP -pp ${PP} --max-model-len "$(cat /len)" --max-num-seqs 64');
    assert.deepEqual(options, { engine: 'vllm', maxNumSeqs: 64 });
  });

  it('rejects negative, fractional, empty and non-numeric counts', () => {
    const { options } = parse('vllm serve M --tensor-parallel-size -1 --pipeline-parallel-size 1.5 --max-num-seqs "" --max-model-len 1e4');
    assert.deepEqual(options, { engine: 'vllm', model: 'M' });
  });

  it('ignores a quoted separator and the redirections around the command', () => {
    const { options } = parse('vllm serve M ";" --tensor-parallel-size 2 > /tmp/out 2>&1');
    assert.deepEqual(options, { engine: 'vllm', model: 'M', tensorParallel: 2 });
  });
});

describe('parseServingCommand on garbage', () => {
  it('returns engine unknown and no options', () => {
    for (const tokens of [[], shellTokens('--verbose --help -x'), shellTokens('echo hello && ls -la'), shellTokens('&& ; |'), argv(['', '-', '--', '='])]) {
      assert.deepEqual(parseServingCommand(tokens), { options: { engine: 'unknown' }, spans: {}, unresolved: {} });
    }
  });
});

describe('parseServingCommand: TensorRT-LLM', () => {
  it('reads trtllm-serve: the positional model anywhere, its underscore options, with or without the serve subcommand', () => {
    const command = 'trtllm-serve meta-llama/Llama-3.1-70B-Instruct --backend pytorch --tp_size 4 --pp_size 2 --ep_size 1 --max_batch_size 64 --max_seq_len 8192 --host 0.0.0.0';
    const { options, spans } = parse(command);
    assert.deepEqual(options, {
      engine: 'trtllm',
      model: 'meta-llama/Llama-3.1-70B-Instruct',
      tensorParallel: 4,
      pipelineParallel: 2,
      expertParallelSize: 1,
      maxNumSeqs: 64,
      maxModelLen: 8192,
    });
    assert.deepEqual(spans.tensorParallel, spanOf(command, '4'));
    assert.deepEqual(spans.maxNumSeqs, spanOf(command, '64'));
    const subcommand = 'trtllm-serve serve --tp_size 8 nvidia/DeepSeek-R1-FP4 --port 8000';
    assert.deepEqual(parse(subcommand).options, { engine: 'trtllm', model: 'nvidia/DeepSeek-R1-FP4', tensorParallel: 8 });
  });

  it('names TensorRT-LLM from bare arguments only it takes', () => {
    assert.equal(parseServingCommand(argv(['--tp_size', '2', '--kv_cache_free_gpu_memory_fraction', '0.9'])).options.engine, 'trtllm');
  });
});
