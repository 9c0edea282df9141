// Preload (`node --import`) that makes every native addon fail to load, as on a board where sharp,
// onnxruntime-node or tfjs-node did not install: Node loads each `.node` file through process.dlopen.
process.dlopen = (_module, filename) => {
  throw new Error(`native addon blocked: ${filename}`);
};
