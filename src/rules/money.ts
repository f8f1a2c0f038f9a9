/**
 * Money: integer fen (分) as `bigint` in storage and in the ledger, decimal.js for arithmetic.
 * No JS floating point ever touches an amount.
 */
import Decimal from 'decimal.js';

export type Fen = bigint;
export type Localized = { 'zh-CN': string; en: string };

/** ¥100 亿: the default ceiling for a typed amount. */
export const DEFAULT_MAX_FEN: Fen = 10_000_000_000n * 100n;

export type ParseAmountOptions = {
  /** Accept 0 (default: false — a fine, deal or balance of zero is usually a typo). */
  allowZero?: boolean;
  /** Largest amount accepted, in fen (default ¥100 亿). */
  maxFen?: Fen;
};

export type ParseAmountResult =
  | { ok: true; fen: Fen }
  | { ok: false; code: AmountErrorCode; message: Localized };

export type AmountErrorCode = 'empty' | 'negative' | 'zero' | 'too_precise' | 'too_large' | 'invalid';

const EXAMPLES = '100000、100,000、¥100,000.50、10万、12.5万、1.2亿';
const EXAMPLES_EN = '100000, 100,000, ¥100,000.50, 10万, 12.5万, 1.2亿';

function fail(code: AmountErrorCode, zh: string, en: string): ParseAmountResult {
  return { ok: false, code, message: { 'zh-CN': `${zh}。例如:${EXAMPLES}`, en: `${en}. For example: ${EXAMPLES_EN}` } };
}

// digits with optional thousands separators, optional decimals; or scientific notation
const GROUPED = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const SCIENTIFIC = /^\d+(?:\.\d+)?[eE][+-]?\d{1,3}$/;

/**
 * Parses an amount as people type it and returns whole fen.
 *
 * Accepts `100000`, `100,000`, `¥100,000.50`, `￥`, `10万`, `10万元`, `12.5万`, `1.2亿`, `1.2e5`, a `元`
 * suffix, full-width digits and punctuation (`１００，０００`, `12。5万`). Rejects empty input, negatives,
 * zero (unless `allowZero`), more than 2 decimals of a yuan (`1.234`; but `1.2345万` is ¥12,345),
 * amounts above `maxFen`, and anything else (`12万3`, `1,00`, `abc`). A rejection says why, in Chinese
 * and English, with examples.
 */
export function parseAmount(input: string, opts: ParseAmountOptions = {}): ParseAmountResult {
  const maxFen = opts.maxFen ?? DEFAULT_MAX_FEN;
  if (typeof input !== 'string') return fail('invalid', '金额应为文字', 'The amount must be text');
  let s = input.normalize('NFKC').replace(/[\s\u00a0\u2000-\u200b\u3000]+/g, '');
  if (s === '') return fail('empty', '请输入金额', 'Please enter an amount');
  s = s.replace(/(\d)[。](\d)/g, '$1.$2').replace(/[，、]/g, ',');
  if (/^[-−–负]/.test(s) || /^[¥￥]?[-−–]/.test(s)) {
    return fail('negative', '金额不能为负数', 'The amount cannot be negative');
  }
  s = s.replace(/^\+/, '').replace(/^(?:[¥￥]|RMB|CNY|人民币)/i, '');
  s = s.replace(/(?:元|块|圆)(?:整)?$/, '');
  let scale = 0; // power of ten applied by 万 / 亿
  const unit = /(万|亿|萬|億)$/.exec(s);
  if (unit) {
    scale = unit[1] === '万' || unit[1] === '萬' ? 4 : 8;
    s = s.slice(0, -1);
  }
  let value: Decimal;
  if (GROUPED.test(s)) {
    value = new Decimal(s.replace(/,/g, ''));
  } else if (SCIENTIFIC.test(s)) {
    value = new Decimal(s);
  } else {
    if (/^[^0-9]*$/.test(s)) return fail('invalid', `“${input.trim()}”不是金额`, `"${input.trim()}" is not an amount`);
    if (/\d,\d{1,2}(?!\d)|\d,\d{4,}/.test(s)) {
      return fail('invalid', `“${input.trim()}”的千位分隔符位置不对`, `"${input.trim()}" has misplaced thousands separators`);
    }
    return fail('invalid', `无法识别“${input.trim()}”:只能写一个数字,可带“万”或“亿”`, `Cannot read "${input.trim()}": write one number, optionally followed by 万 or 亿`);
  }
  const yuan = value.times(new Decimal(10).pow(scale));
  if (yuan.decimalPlaces() > 2) {
    return fail('too_precise', '金额最多精确到分(小数点后两位)', 'An amount can have at most 2 decimals of a yuan (fen)');
  }
  const fen = BigInt(yuan.times(100).toFixed(0));
  if (fen === 0n && !opts.allowZero) return fail('zero', '金额不能为零', 'The amount cannot be zero');
  if (fen > maxFen) {
    return fail('too_large', `金额过大(上限 ${formatFen(maxFen)})`, `The amount is too large (limit ${formatFen(maxFen)})`);
  }
  return { ok: true, fen };
}

/** Exact conversion of yuan to fen; throws when the value has more than 2 decimals or is not a number. */
export function yuanToFen(yuan: string | number | Decimal): Fen {
  let d: Decimal;
  try {
    d = yuan instanceof Decimal ? yuan : new Decimal(typeof yuan === 'number' ? String(yuan) : yuan.trim());
  } catch {
    throw new RangeError(`not an amount of yuan: ${JSON.stringify(yuan)}`);
  }
  if (!d.isFinite()) throw new RangeError(`not a finite amount of yuan: ${String(yuan)}`);
  const fen = d.times(100);
  if (!fen.isInteger()) throw new RangeError(`more than 2 decimals of a yuan: ${String(yuan)}`);
  return BigInt(fen.toFixed(0));
}

/** Yuan as a Decimal for a number of fen. */
export function fenToDecimal(fen: Fen): Decimal {
  return new Decimal(fen.toString()).div(100);
}

/** Rounds a Decimal amount of fen to whole fen, half away from zero (四舍五入). */
export function roundFen(fen: Decimal): Fen {
  return BigInt(fen.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0));
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `¥1,200.00`; negative amounts are `-¥50.00`. */
export function formatFen(fen: Fen): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const yuan = abs / 100n;
  const cents = abs % 100n;
  return `${neg ? '-' : ''}¥${group(yuan.toString())}.${cents.toString().padStart(2, '0')}`;
}

/**
 * Short Chinese display for bulletins:
 * - below ¥1万: `¥8,000` (whole yuan) or `¥8,000.50` when there are fen;
 * - from 1万 up to below 1亿: `12.5万`, `3500万` (at most 2 decimals, rounded half up, zeros trimmed);
 * - from 1亿: `1.2亿`, `12,345亿`.
 * A value that rounds up to the next unit switches unit (9999.999万 → `1亿`). Negative values get `-`.
 */
export function formatWan(fen: Fen): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const sign = neg ? '-' : '';
  if (abs < 1_000_000n) {
    const yuan = abs / 100n, cents = abs % 100n;
    return `${sign}¥${group(yuan.toString())}${cents === 0n ? '' : `.${cents.toString().padStart(2, '0')}`}`;
  }
  const yuan = fenToDecimal(abs);
  const wan = yuan.div(10_000).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  if (wan.lessThan(10_000)) return `${sign}${trimZeros(wan)}万`;
  const yi = yuan.div(100_000_000).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const [int, frac] = trimZeros(yi).split('.');
  return `${sign}${group(int)}${frac ? `.${frac}` : ''}亿`;
}

function trimZeros(d: Decimal): string {
  const s = d.toFixed(2);
  return s.replace(/\.?0+$/, '');
}

/** Sum of fen amounts. */
export function sumFen(amounts: Iterable<Fen>): Fen {
  let t = 0n;
  for (const a of amounts) t += a;
  return t;
}
