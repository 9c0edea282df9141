/**
 * Whether litecam may load its native addons, sharp and onnxruntime-node. On a small board they may be
 * missing or fail to build; `LITECAM_NATIVE=0` (the CLI's `--no-native`) then selects the JavaScript image
 * codecs and onnxruntime-web up front instead of trying each addon first. Without the variable each addon
 * is tried, and one that fails to load falls back the same way. (tfjs-node is never loaded unless
 * `--backend tensorflow` asks for it.)
 */
export const NATIVE_ENV = 'LITECAM_NATIVE';

/** False in a browser (no addons exist there) and when LITECAM_NATIVE is '0'. */
export function nativeAddonsAllowed(): boolean {
  if (typeof process === 'undefined' || !process.versions?.node) return false;
  return process.env[NATIVE_ENV] !== '0';
}

