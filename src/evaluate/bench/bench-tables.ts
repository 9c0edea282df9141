/** The bench's tables, written once and shown as Markdown on the terminal and as HTML in the report. */
import { formatPValue } from '../report/format.js';
import type { Table } from '../report/table.js';
import type { ConfidenceInterval } from '../stats/bootstrap.js';
import type { BenchReport } from './run-bench.js';
import type { ArmTiming } from './head-vs-full.js';
import type { SpeedClaim } from './speed-claim.js';

const ms = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(3)) : '–');
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const ratio = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v >= 10 ? 0 : 2)}×` : '–');
const interval = (ci: ConfidenceInterval, f: (v: number) => string) => `${f(ci.mean)} [${f(ci.lower)}, ${f(ci.upper)}]`;
const num = (text: string) => ({ title: text, align: 'right' as const });

export function speedTable(report: BenchReport): Table {
  return {
    columns: [{ title: 'engine' }, { title: 'model' }, { title: 'threshold' }, num('median ms'), num('MAD ms'), num('forward'), num('gradient'), num('CAM'), num('threshold ms'), num('peak tensors MiB'), num('RSS MiB')],
    rows: report.speed.map((r) => [
      r.engine, r.model, r.threshold, ms(r.medianMs), ms(r.madMs),
      ms(r.stagesMs?.forwardMs ?? NaN), ms(r.stagesMs?.gradientMs ?? NaN), ms(r.stagesMs?.camMs ?? NaN), ms(r.stagesMs?.thresholdMs ?? NaN),
      mib(r.peakTensorBytes), mib(r.rssBytes),
    ]),
  };
}

export function armsTable(arms: ArmTiming[]): Table {
  return { columns: [{ title: 'arm' }, num('runs'), num('median ms'), num('MAD ms')], rows: arms.map((a) => [a.arm, String(a.runs), ms(a.medianMs), ms(a.madMs)]) };
}

export function tidyTable(report: BenchReport): Table {
  const tidy = report.ablation.tidy;
  return {
    columns: [{ title: 'arm' }, num('runs'), num('tensors after last run'), num('tensors per run'), num('KiB per run')],
    rows: (tidy?.arms ?? []).map((a) => [a.arm, String(a.tensorsAfterRun.length), String(a.tensorsAfterRun.at(-1) ?? 0), a.tensorsPerRun.toFixed(1), (a.bytesPerRun / 1024).toFixed(1)]),
  };
}

export function methodsTable(report: BenchReport): Table {
  return {
    columns: [{ title: 'engine' }, { title: 'method' }, { title: 'settings' }, num('runs'), num('median ms'), num('MAD ms'), num('peak tensors MiB'), num('speed-up over LIME [95% CI]')],
    rows: report.methods.flatMap((m) => m.rows.map((r) => [
      r.engine, r.method, r.settings, String(r.runs), ms(r.medianMs), ms(r.madMs), mib(r.peakTensorBytes), interval(r.speedupOverLime, ratio),
    ])),
  };
}

export function claimsTable(claims: SpeedClaim[]): Table {
  return {
    columns: [{ title: 'section' }, { title: 'faster' }, { title: 'slower' }, num('n'), num('median ms (faster / slower)'), num('ratio [95% CI]'), num('difference ms [95% CI]'), num('Wilcoxon p'), num('t-test p'), { title: 'verdict' }],
    rows: claims.map((c) => [
      c.section, c.faster, c.slower, String(c.n), `${ms(c.fasterMedianMs)} / ${ms(c.slowerMedianMs)}`,
      interval(c.ratio, ratio), interval(c.differenceMs, ms), formatPValue(c.wilcoxonP), formatPValue(c.tTestP), verdict(c),
    ]),
  };
}

function verdict(c: SpeedClaim): string {
  return c.shown ? `${c.faster} is faster` : `not shown at n = ${c.n}`;
}
