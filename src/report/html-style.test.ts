import { describe, expect, it } from 'vitest';
import { HTML_REPORT_STYLE } from './html-style.js';

type Rgb = [number, number, number];

/** The custom properties of a CSS block (`--name: value;`). */
function variables(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

function parseColor(value: string, under: Rgb): Rgb {
  const hex = /^#([0-9a-f]{6})$/i.exec(value);
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1]!.slice(i, i + 2), 16)) as Rgb;
  const rgba = /^rgba\((\d+),\s*(\d+),\s*(\d+),\s*([\d.]+)\)$/.exec(value);
  if (!rgba) throw new Error(`cannot read colour ${value}`);
  const alpha = Number(rgba[4]);
  return [1, 2, 3].map((i, k) => Number(rgba[i]) * alpha + under[k]! * (1 - alpha)) as Rgb;
}

/** WCAG 2 contrast ratio. */
function contrast(a: Rgb, b: Rgb): number {
  const luminance = (c: Rgb) => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as Rgb;
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const light = variables(/:root \{([\s\S]*?)\n\}/.exec(HTML_REPORT_STYLE)![1]!);
const dark = { ...light, ...variables(/@media \(prefers-color-scheme: dark\) \{\s*:root \{([\s\S]*?)\n {2}\}/.exec(HTML_REPORT_STYLE)![1]!) };

/** Text colour on background colour, as the report uses them. */
const PAIRS: [string, string][] = [
  ['text', 'bg'], ['text', 'surface'], ['muted', 'surface'], ['muted', 'bg'], ['muted', 'surface-2'], ['link', 'surface'],
  ...['passed', 'failed', 'warned', 'skipped', 'errored'].flatMap((s): [string, string][] => [[`${s}-fg`, `${s}-bg`], [`${s}-fg`, 'surface-2']]),
  ['text', 'failed-bg'], ['text', 'warned-bg'], ['failed-fg', 'failed-bg'],
  ['j-key', 'code-bg'], ['j-str', 'code-bg'], ['j-num', 'code-bg'], ['j-lit', 'code-bg'], ['out', 'surface-2'], ['in', 'surface-2'],
];

describe.each([
  ['light', light],
  ['dark', dark],
])('the %s theme', (_name, theme) => {
  it.each(PAIRS)('has --%s on --%s at WCAG AA contrast (4.5:1) or better', (fg, bg) => {
    const surface = parseColor(theme.surface!, [255, 255, 255]);
    const background = parseColor(theme[bg]!, surface);
    const text = parseColor(theme[fg]!, background);
    expect(contrast(text, background)).toBeGreaterThanOrEqual(4.5);
  });
});
