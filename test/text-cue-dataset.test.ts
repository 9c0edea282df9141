import { describe, expect, it } from 'vitest';
import {
  CUE_TEXT_DEFAULTS,
  CUE_WORDS,
  FULL_STOP,
  NEUTRAL_WORDS,
  cueTextSentences,
  cueTextWords,
  positionMassShare,
  topKHitRate,
} from '../src/datasets/cue-text.js';
import { UsageError } from '../src/errors.js';
import { preTokenize } from '../src/zoo/text-encoder/index.js';

const positive = new Set(CUE_WORDS.positive);
const negative = new Set(CUE_WORDS.negative);

describe('cue sentences', () => {
  const sentences = cueTextSentences({ count: 300, seed: 4 });

  it('are the same for the same seed and differ for another', () => {
    expect(cueTextSentences({ count: 5, seed: 4 })).toEqual(sentences.slice(0, 5));
    expect(cueTextSentences({ count: 5, seed: 5 }).map((s) => s.text)).not.toEqual(sentences.slice(0, 5).map((s) => s.text));
  });

  it('hold supporting cues exactly at the cue positions, a distractor at the distractor position, and neutral words elsewhere', () => {
    for (const s of sentences) {
      const [support, oppose] = s.label === 1 ? [positive, negative] : [negative, positive];
      s.words.forEach((w, i) => {
        if (s.cues.includes(i)) expect(support.has(w)).toBe(true);
        else if (s.distractors.includes(i)) expect(oppose.has(w)).toBe(true);
        else if (i === s.words.length - 1) expect(w).toBe(FULL_STOP);
        else expect(NEUTRAL_WORDS).toContain(w);
      });
    }
  });

  it('have a label that is the majority polarity of their cues, and alternate labels', () => {
    sentences.forEach((s, i) => {
      expect(s.label).toBe(i % 2);
      const votes = s.words.reduce((v, w) => v + (positive.has(w) ? 1 : negative.has(w) ? -1 : 0), 0);
      expect(Math.sign(votes)).toBe(s.label === 1 ? 1 : -1);
      expect(s.cues.length).toBeGreaterThan(s.distractors.length);
    });
  });

  it('span the configured lengths and cue counts, with a distractor in about half of them', () => {
    const lengths = sentences.map((s) => s.words.length - 1);
    expect([Math.min(...lengths), Math.max(...lengths)]).toEqual([CUE_TEXT_DEFAULTS.minWords, CUE_TEXT_DEFAULTS.maxWords]);
    expect(new Set(sentences.map((s) => s.cues.length))).toEqual(new Set([2, 3]));
    const share = sentences.filter((s) => s.distractors.length > 0).length / sentences.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
  });

  it('tokenise back into their words: a capitalised first word and a full stop, split off', () => {
    for (const s of sentences.slice(0, 20)) {
      expect(s.text[0]).toBe(s.text[0].toUpperCase());
      expect(s.text.endsWith(`${s.words.at(-2)}.`)).toBe(true);
      expect(preTokenize(s.text)).toEqual(s.words);
    }
  });

  it('draw from a closed word list with no word in two roles', () => {
    const words = cueTextWords();
    expect(new Set(words).size).toBe(words.length);
    sentences.forEach((s) => s.words.forEach((w) => expect(words).toContain(w)));
  });

  it('reject options that cannot make a sentence', () => {
    expect(() => cueTextSentences({ count: 1, minWords: 3, maxWords: 3 })).toThrow(/must leave room for 3 cues and a distractor/);
    expect(() => cueTextSentences({ count: 1, minCues: 1, maxCues: 2 })).toThrow(/minCues must be at least 2/);
    expect(() => cueTextSentences({ count: 0 })).toThrow(UsageError);
    expect(() => cueTextSentences({ count: 1, distractorRate: 2 })).toThrow(/distractorRate must be in \[0, 1\]/);
  });
});

describe('cue scores', () => {
  it('positionMassShare is the positive mass on the positions over all positive mass', () => {
    expect(positionMassShare([1, -5, 3, 4, 0], [2, 3])).toBeCloseTo(7 / 8, 6);
    expect(positionMassShare([0, -1], [0])).toBe(0);
  });

  it('topKHitRate is the share of the k best positions that are cues, k the number of cues', () => {
    expect(topKHitRate([0.1, 0.9, 0.2, 0.8], [1, 3])).toBe(1);
    expect(topKHitRate([0.1, 0.9, 0.2, 0.8], [0, 3])).toBe(0.5);
    expect(topKHitRate([1, 1, 1, 1], [2, 3])).toBe(0); // ties go to the first positions
    expect(topKHitRate([1, 2], [])).toBe(0);
  });
});
