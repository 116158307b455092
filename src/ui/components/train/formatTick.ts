/**
 * Axis ticks and tooltip numbers for the run charts: three significant digits, trailing zeros dropped, so
 * neighbouring ticks of a small range stay distinct (a learning-rate axis from 0.0015 to 0.0025 reads 0.0015,
 * 0.00175, 0.002 … — fixed decimals printed "0.002" on every tick) and tiny values switch to exponents (2e-5).
 */
export function formatTick(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a < 1e-3) return trimZeros(v.toExponential(2));
  return trimZeros(v.toPrecision(3));
}

/** '0.00200' → '0.002', '2.50e-5' → '2.5e-5', '120' stays. */
function trimZeros(s: string): string {
  const [mantissa, exponent] = s.split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent === undefined ? m : `${m}e${exponent}`;
}
