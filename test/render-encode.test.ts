import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grid } from '../src/attribution/types.js';
import { UsageError } from '../src/errors.js';
import { colorize } from '../src/render/colormaps.js';
import { encodeImage, formatFromPath, writeHeatmap, writeImage } from '../src/render/encode.js';
import { figureTitles, writeFourPanel } from '../src/render/figure.js';
import { MIN_PANEL_HEIGHT, PANEL_GUTTER } from '../src/render/panel.js';
import { fitTitle, TITLE_ROW_HEIGHT } from '../src/render/title-row.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'litecam-encode-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const IMAGE = { rgb: Uint8Array.from({ length: 30 * 20 * 3 }, (_, i) => (i * 53) % 256), width: 30, height: 20 };

async function decode(bytes: Buffer | string) {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return { rgb: new Uint8Array(data), width: info.width, height: info.height, channels: info.channels };
}

describe('encodeImage and writeImage', () => {
  it('round-trips an RGB image through PNG exactly', async () => {
    const back = await decode(await encodeImage(IMAGE, 'png'));
    expect([back.width, back.height, back.channels]).toEqual([30, 20, 3]);
    expect(back.rgb).toEqual(IMAGE.rgb);
  });

  it('writes JPEG for .jpg and .jpeg and PNG for .png, creating folders', async () => {
    for (const [name, format] of [['a/b/fig.jpg', 'jpeg'], ['fig.JPEG', 'jpeg'], ['c/fig.png', 'png']]) {
      const path = join(dir, name);
      await writeImage(path, IMAGE);
      const meta = await sharp(await readFile(path)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([format, 30, 20]);
    }
  });

  it('rejects other extensions', () => {
    expect(() => formatFromPath('out/fig.gif')).toThrow(new UsageError('cannot write out/fig.gif: expected a .png, .jpg or .jpeg file name'));
  });

  it('adds a title row above the image, text inside each column, image below unchanged', async () => {
    const wide = { rgb: new Uint8Array(200 * 20 * 3).fill(255), width: 200, height: 20 };
    const columns = [{ left: 0, width: 98 }, { left: 102, width: 98 }];
    const back = await decode(await encodeImage({ ...wide, columns }, 'png', { titles: ['left <&>', 'right'] }));
    expect([back.width, back.height, back.channels]).toEqual([200, 20 + TITLE_ROW_HEIGHT, 3]);
    const darkIn = (from: number, to: number) => {
      let n = 0;
      for (let y = 0; y < TITLE_ROW_HEIGHT; y++) for (let x = from; x < to; x++) if (back.rgb[(y * 200 + x) * 3] < 128) n++;
      return n;
    };
    expect(darkIn(0, 98)).toBeGreaterThan(20);
    expect(darkIn(102, 200)).toBeGreaterThan(20);
    expect(back.rgb.subarray(TITLE_ROW_HEIGHT * 200 * 3)).toEqual(wide.rgb);
  });

  it('needs one title per panel', async () => {
    await expect(encodeImage({ ...IMAGE, columns: [{ left: 0, width: 30 }] }, 'png', { titles: ['a', 'b'] })).rejects.toThrow(
      new UsageError('titles: expected 1 (one per panel), got 2'),
    );
  });

  it('shortens a title wider than its column with an ellipsis', () => {
    expect(fitTitle('short', 300)).toBe('short');
    const cut = fitTitle('a title far too long for a narrow column', 90);
    expect(cut.endsWith('\u2026')).toBe(true);
    expect(Array.from(cut).length).toBe(10);
  });
});

describe('writeHeatmap', () => {
  it('writes the colourised map, resized to the size asked', async () => {
    const path = join(dir, 'heat.png');
    await writeHeatmap(path, { values: Float32Array.from([0, 1, 1, 0]), width: 2, height: 2 }, { width: 8, height: 8, colormap: 'jet' });
    const back = await decode(path);
    expect([back.width, back.height]).toEqual([8, 8]);
    expect(Array.from(back.rgb.subarray(0, 3))).toEqual(Array.from(colorize([0], 'jet')));
    expect(Array.from(back.rgb.subarray(7 * 3, 8 * 3))).toEqual(Array.from(colorize([1], 'jet')));
  });

  it('rejects a map whose values do not fill its size', async () => {
    await expect(writeHeatmap(join(dir, 'bad.png'), { values: new Float32Array(3), width: 2, height: 2 })).rejects.toThrow(UsageError);
  });
});

describe('writeFourPanel', () => {
  const explanation = {
    class: 285,
    probability: 0.913,
    attribution: { values: Float32Array.from({ length: 49 }, (_, i) => i / 48), topology: grid(7, 7) },
    threshold: {
      values: Float32Array.from({ length: 49 }, (_, i) => (i >= 44 ? i / 48 : 0)),
      kind: 'percentile',
      value: 10,
      cutoff: 44 / 48,
      coverage: 5 / 49,
      energy: 0.2,
    },
  };

  it('writes the titled four-panel figure of an explanation', async () => {
    const path = join(dir, 'figure.png');
    const original = { rgb: new Uint8Array(64 * 48 * 3).fill(90), width: 64, height: 48 };
    await writeFourPanel(path, { source: 'cat.png', original }, explanation, { labels: Array.from({ length: 1000 }, (_, i) => `label${i}`) });
    const meta = await sharp(path).metadata();
    const panelW = Math.round((64 * MIN_PANEL_HEIGHT) / 48);
    expect([meta.width, meta.height]).toEqual([4 * panelW + 3 * PANEL_GUTTER, MIN_PANEL_HEIGHT + TITLE_ROW_HEIGHT]);
  });

  it('titles name the class, the threshold and what it kept', () => {
    expect(figureTitles(explanation, ['cat'])).toEqual(['input', 'Grad-CAM: class 285 p=0.91', 'percentile 10: 10.2% kept', 'overlay']);
    expect(figureTitles({ ...explanation, label: 'Egyptian cat' })[1]).toBe('Grad-CAM: Egyptian cat p=0.91');
  });

  it('refuses a map that is not a 2-D grid', async () => {
    const sequence = { ...explanation, attribution: { values: new Float32Array(3), topology: { kind: 'sequence' as const, length: 3 } } };
    await expect(writeFourPanel(join(dir, 'seq.png'), { source: 'x', original: IMAGE }, sequence)).rejects.toThrow(
      new UsageError('a four-panel figure needs a 2-D map, got a sequence'),
    );
  });
});
