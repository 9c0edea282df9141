/** Where images come from: a file picked or dropped, a bundled sample scene, or the webcam. */
import { readRgb, UsageError } from '../../src/browser/index.js';
import type { RgbImage } from '../../src/image/rgb-image.js';

export interface SampleEntry {
  file: string;
  title: string;
  className: string;
}

/** Decode an image file with the browser's codecs, EXIF orientation applied as the Node decoder does. */
export async function imageFromBlob(blob: Blob, name: string): Promise<RgbImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none', imageOrientation: 'from-image' });
  } catch {
    throw new UsageError(`cannot decode ${name} as an image (${blob.type || 'unknown type'})`);
  }
  try {
    return readRgb(bitmap);
  } finally {
    bitmap.close();
  }
}

/** The bundled sample scenes listed in samples.json (written by the build). */
export async function listSamples(samplesUrl: string): Promise<SampleEntry[]> {
  const response = await fetch(new URL('samples.json', samplesUrl));
  if (!response.ok) throw new UsageError(`cannot list the sample scenes: HTTP ${response.status}`);
  return (await response.json()) as SampleEntry[];
}

export async function loadSample(samplesUrl: string, sample: SampleEntry): Promise<RgbImage> {
  const response = await fetch(new URL(sample.file, samplesUrl));
  if (!response.ok) throw new UsageError(`cannot fetch sample ${sample.file}: HTTP ${response.status}`);
  return imageFromBlob(await response.blob(), sample.file);
}

/** Start the camera on `video`; a missing camera or a refusal is a UsageError saying so. */
export async function startWebcam(video: HTMLVideoElement): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new UsageError('webcam unavailable: this browser offers no camera access here (it needs https or localhost)');
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
  } catch (e) {
    const name = (e as DOMException)?.name ?? 'Error';
    const why = name === 'NotAllowedError' ? 'permission was refused' : name === 'NotFoundError' ? 'no camera was found' : (e as Error).message;
    throw new UsageError(`webcam unavailable: ${why}; open an image or pick a sample scene instead`);
  }
  video.srcObject = stream;
  await video.play();
  return stream;
}

export function stopWebcam(video: HTMLVideoElement, stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
  video.srcObject = null;
}
