import { Command, CommanderError, Option } from 'commander';
import { explainCommand } from './explain-command.js';
import { layersCommand } from './layers-command.js';
import { methodsCommand } from './methods-command.js';
import { demoCommand } from './demo-command.js';
import { evaluateCommand } from './evaluate-command.js';
import { benchCommand } from './bench-command.js';
import { registerLimitationsCommand } from './limitations-command.js';
import { registerServeCommand } from './serve-command.js';
import { parseClassList, parseFraction, parseIntIn, parseNumberList, parseThreshold, parseUnit } from './options.js';
import { runCommand } from './run-command.js';
import { COLORMAPS } from '../render/colormaps.js';
import { DEFAULTS, SMOOTHINGS } from '../explain.js';
import { FUSION_MODES } from '../explainers/cam/fusion.js';
import { BENCHMARK_CONDITIONS, BENCHMARK_SCENES, BENCHMARK_SEED } from '../evaluate/run/benchmark-items.js';
import { DEFAULT_EVALUATION_THRESHOLDS } from '../evaluate/run/thresholds.js';
import { BOOTSTRAP_DEFAULTS } from '../evaluate/stats/bootstrap.js';
import { EVALUATION_BATCH_SIZE, GALLERY_PER_CONDITION } from '../evaluate/run/run-evaluation.js';
import { SHARED_MODELS } from '../evaluate/bench/bench-models.js';
import { NATIVE_ENV } from '../native-addons.js';
import { BENCH_INPUT_SIZE } from '../evaluate/bench/run-bench.js';
import { INPUT_FORMATS } from '../universal/read-input.js';

const backendOption = () =>
  new Option('--backend <name>', 'TF.js backend').choices(['wasm', 'cpu', 'tensorflow']).default('wasm');

const program = new Command()
  .name('litecam')
  .description('Fast Grad-CAM explanations for TF.js and ONNX models, with threshold simplification')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  .option('--no-native', 'load no native addon: JavaScript image codecs and onnxruntime-web (as LITECAM_NATIVE=0)')
  .hook('preAction', (command) => {
    if (command.opts().native === false) process.env[NATIVE_ENV] = '0';
  });

program
  .command('explain')
  .description('explain predictions on images, sequences, text or graphs')
  .requiredOption('--model <path|url|zoo:name>', 'model.json, .onnx file or URL, a saved ViT, text-encoder or graph-network folder, or zoo:NAME')
  .option('--image <paths...>', 'image files or folders')
  .option('--input <file>', `a non-image input: ${INPUT_FORMATS}`)
  .option('--text <text>', 'text to explain with a text model')
  .option('--method <name>', `explanation method (see \`litecam methods\`); without it the architecture is detected and ${DEFAULTS.method} (images) or the family's default runs, with structure and confidence added`)
  .option('--min-coverage <fraction>', 'without --method: least share of positions the topology-aware simplification keeps', parseFraction('min coverage'))
  .option('--layer <names>', 'target layer, or comma-separated layers to fuse (default: last spatial layer)')
  .addOption(new Option('--fusion <mode>', 'how the maps of several layers are combined').choices([...FUSION_MODES]).default(DEFAULTS.fusion))
  .addOption(new Option('--smooth <kind>', 'tta: average over flipped and rescaled inputs; eigen: first principal component').choices([...SMOOTHINGS]))
  .option('--class <indices>', 'comma-separated class indices to explain', parseClassList)
  .option('--top-k <k>', 'explain the k most likely classes', parseIntIn(1, 100000, 'top-k'))
  .addOption(new Option('--score <kind>', 'score to differentiate').choices(['logit', 'probability']).default('logit'))
  .option('--threshold <percent|dynamic|otsu|confidence|hybrid>', 'keep the top P% of the map, or an adaptive strategy', parseThreshold, DEFAULTS.threshold)
  .addOption(new Option('--colormap <name>', 'heatmap colours').choices([...COLORMAPS]).default('jet'))
  .option('--alpha <a>', 'overlay opacity in [0, 1]', parseUnit('alpha'), 0.5)
  .option('--out <dir>', 'write a four-panel figure per explanation here')
  .addOption(new Option('--format <ext>', 'figure format').choices(['png', 'jpg']).default('png'))
  .option('--json', 'one JSON object per image on stdout (JSON Lines)')
  .addOption(backendOption())
  .option('--preprocess <preset>', 'imagenet | inception | raw | unit (default: sidecar, else per engine)')
  .option('--mean <r,g,b>', 'per-channel mean after scaling', parseNumberList('mean', 3))
  .option('--std <r,g,b>', 'per-channel std after scaling', parseNumberList('std', 3))
  .option('--size <pixels>', 'input size for zoo models', parseIntIn(16, 4096, 'size'))
  .addOption(new Option('--resize <mode>', 'fill: whole image; crop: resize shorter side then centre-crop').choices(['fill', 'crop']))
  .option('--labels <file>', 'class names, one a line')
  .addOption(new Option('--runtime <name>', 'ONNX models: forward on ONNX Runtime, or the whole model in TF.js').choices(['ort', 'tfjs']))
  .option('--batch-size <n>', 'images per forward pass', parseIntIn(1, 1024, 'batch size'), DEFAULTS.batchSize)
  .option('--seed <n>', 'seed of stochastic methods', parseIntIn(0, 2 ** 31, 'seed'), DEFAULTS.seed)
  .action((opts) => runCommand(() => explainCommand(opts)));

program
  .command('methods')
  .description('list the explanation methods')
  .action(() => runCommand(async () => methodsCommand()));

program
  .command('layers')
  .description('list the layers that can be explained, marking the auto-detected one')
  .requiredOption('--model <path|url|zoo:name>', 'the model')
  .option('--json', 'print JSON')
  .addOption(backendOption())
  .option('--size <pixels>', 'input size for zoo models', parseIntIn(16, 4096, 'size'))
  .action((opts) => runCommand(() => layersCommand(opts)));

program
  .command('demo')
  .description('explain generated scenes with the shipped demo model and compare thresholds against the true masks')
  .option('--out <dir>', 'where to write figures and the summary', 'out/demo')
  .option('--count <n>', 'number of scenes', parseIntIn(1, 1000, 'count'), 6)
  .option('--seed <n>', 'scene seed', parseIntIn(0, 2 ** 31, 'seed'), 2024)
  .addOption(backendOption())
  .action((opts) => runCommand(() => demoCommand(opts)));

program
  .command('evaluate')
  .description('score explanations against object masks: generated scenes (default) or your images and masks; writes evaluation.json and report.html')
  .option('--model <path|url|zoo:name>', 'the model (default: the shipped demo model)')
  .option('--images <dir>', 'your images, scored against --masks instead of generated scenes')
  .option('--masks <dir>', 'one PNG mask per image, same base name; non-zero pixels are the object')
  .option('--scenes <n>', 'generated scenes, dealt to the conditions in turn', parseIntIn(2, 100000, 'scenes'), BENCHMARK_SCENES)
  .option('--conditions <names>', 'comma-separated scene presets', BENCHMARK_CONDITIONS.join(','))
  .option('--methods <names>', 'comma-separated explanation methods (see `litecam methods`)', DEFAULTS.method)
  .option('--thresholds <list>', "comma-separated: 'none' (the unthresholded map), percents kept, 'dynamic', 'otsu', 'hybrid', 'confidence'", DEFAULT_EVALUATION_THRESHOLDS)
  .option('--seed <n>', 'seed of the scenes, the bootstrap and stochastic methods', parseIntIn(0, 2 ** 31, 'seed'), BENCHMARK_SEED)
  .option('--resamples <n>', 'bootstrap resamples per confidence interval', parseIntIn(100, 1000000, 'resamples'), BOOTSTRAP_DEFAULTS.resamples)
  .option('--gallery <n>', 'figures per condition in the report', parseIntIn(0, 100, 'gallery'), GALLERY_PER_CONDITION)
  .option('--batch-size <n>', 'images per forward pass', parseIntIn(1, 1024, 'batch size'), EVALUATION_BATCH_SIZE)
  .option('--out <dir>', 'where to write evaluation.json and report.html', 'out/evaluate')
  .addOption(backendOption())
  .action((opts) => runCommand(() => evaluateCommand(opts)));

program
  .command('bench')
  .description('speed and memory per threshold and model, ablations and a method comparison; writes bench.json and report.html')
  .option('--preset <name>', 'quick (a few minutes, reduced LIME/RISE budgets) or full (published defaults, every model)', 'quick')
  .option('--models <names>', 'comma-separated: mobilenetv2, resnet18, vgg16, efficientnetb0 (default: the preset\'s)')
  .option('--engines <names>', 'comma-separated: tfjs (zoo models on wasm), onnx (exports in --onnx-dir)', 'tfjs,onnx')
  .option('--runs <n>', 'timed rounds per section (default: the preset\'s)', parseIntIn(2, 10000, 'runs'))
  .option('--size <pixels>', 'input size of the zoo models', parseIntIn(32, 4096, 'size'), BENCH_INPUT_SIZE)
  .option('--onnx-dir <dir>', 'where the ONNX exports are', SHARED_MODELS)
  .option('--out <dir>', 'where to write bench.json and report.html', 'out/bench')
  .action((opts) => runCommand(() => benchCommand(opts)));

registerLimitationsCommand(program, backendOption());
registerServeCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Help and version are not errors; every other commander complaint is bad usage.
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else {
    throw e;
  }
}
