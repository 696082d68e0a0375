/**
 * The one-line figure every benchmark ends with, parsed by whoever collects the results:
 *   BENCH <figure> value=<n> baseline=<n> ratio=<value/baseline> unit=<unit>
 */
export function formatBenchLine(figure: string, value: number, baseline: number, unit: string): string {
  const round = (n: number) => Number(n.toFixed(1));
  return `BENCH ${figure} value=${round(value)} baseline=${round(baseline)} ratio=${(value / baseline).toFixed(3)} unit=${unit}`;
}
