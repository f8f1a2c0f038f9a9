import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFen, formatWan, fenToDecimal, parseAmount, yuanToFen } from '../../src/rules/index.ts';

describe('parseAmount', () => {
  it.each([
    ['100000', 10_000_000n],
    ['100,000', 10_000_000n],
    ['¥100,000.50', 10_000_050n],
    ['￥100,000.5', 10_000_050n],
    ['10万', 10_000_000n],
    ['10万元', 10_000_000n],
    ['12.5万', 12_500_000n],
    ['1.2亿', 12_000_000_000n],
    ['1.2e5', 12_000_000n],
    ['100000元', 10_000_000n],
    ['１００，０００', 10_000_000n],
    ['１２．５万', 12_500_000n],
    ['12。5万', 12_500_000n],
    ['1.2345万', 1_234_500n],
    ['  ¥ 1,200 ', 120_000n],
    ['0.01', 1n],
    ['3000万', 3_000_000_000n],
  ])('accepts %s', (input, fen) => {
    expect(parseAmount(input)).toEqual({ ok: true, fen });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['-5', 'negative'],
    ['－100', 'negative'],
    ['¥-100', 'negative'],
    ['0', 'zero'],
    ['0.00', 'zero'],
    ['1.234', 'too_precise'],
    ['1.2345678万', 'too_precise'],
    ['100亿零1', 'invalid'],
    ['12万3', 'invalid'],
    ['1,00', 'invalid'],
    ['1,0000', 'invalid'],
    ['abc', 'invalid'],
    ['10万万', 'invalid'],
    ['1.', 'invalid'],
    ['100000000001', 'too_large'],
    ['101亿', 'too_large'],
  ])('rejects %s (%s) and says why with an example', (input, code) => {
    const r = parseAmount(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.message['zh-CN']).toMatch(/例如/);
      expect(r.message.en).toMatch(/For example/);
    }
  });

  it('allowZero and maxFen options', () => {
    expect(parseAmount('0', { allowZero: true })).toEqual({ ok: true, fen: 0n });
    expect(parseAmount('101', { maxFen: 10_000n })).toMatchObject({ ok: false, code: 'too_large' });
    expect(parseAmount('100亿')).toEqual({ ok: true, fen: 1_000_000_000_000n });
  });
});

describe('formatting', () => {
  it('formatFen shows yuan with grouping and 2 decimals', () => {
    expect(formatFen(120_000n)).toBe('¥1,200.00');
    expect(formatFen(-5_000n)).toBe('-¥50.00');
    expect(formatFen(1n)).toBe('¥0.01');
    expect(formatFen(0n)).toBe('¥0.00');
    expect(formatFen(1_000_000_000_000n)).toBe('¥10,000,000,000.00');
  });

  it('formatWan uses 万/亿 in bulletins and ¥ below 1万', () => {
    expect(formatWan(12_500_000n)).toBe('12.5万');
    expect(formatWan(10_000_000n)).toBe('10万');
    expect(formatWan(3_500_000_000n)).toBe('3500万');
    expect(formatWan(12_000_000_000n)).toBe('1.2亿');
    expect(formatWan(800_000n)).toBe('¥8,000');
    expect(formatWan(800_050n)).toBe('¥8,000.50');
    expect(formatWan(1_000_000n)).toBe('1万');
    expect(formatWan(12_345_600n)).toBe('12.35万');
    expect(formatWan(9_999_999_000n)).toBe('1亿'); // 9999.999万 rounds up to the next unit
    expect(formatWan(-12_500_000n)).toBe('-12.5万');
    expect(formatWan(1_234_500_000_000n)).toBe('123.45亿');
    expect(formatWan(123_450_000_000_000n)).toBe('12,345亿');
  });

  it('yuanToFen is exact and refuses fractions of a fen', () => {
    expect(yuanToFen('0.1')).toBe(10n);
    expect(yuanToFen(0.29)).toBe(29n);
    expect(yuanToFen('1200')).toBe(120_000n);
    expect(() => yuanToFen('0.001')).toThrow(/2 decimals/);
    expect(fenToDecimal(12_345n).toFixed()).toBe('123.45');
  });
});

describe('properties (fast-check)', () => {
  const fen = fc.bigInt({ min: 1n, max: 1_000_000_000_000n });

  it('parseAmount(formatFen(x)) === x for every positive amount up to ¥100亿', () => {
    fc.assert(fc.property(fen, (x) => {
      const r = parseAmount(formatFen(x));
      return r.ok && r.fen === x;
    }), { numRuns: 2000 });
  });

  it('plain, grouped and 万 spellings of the same amount parse to the same fen', () => {
    fc.assert(fc.property(fen, (x) => {
      const yuan = fenToDecimal(x);
      const plain = parseAmount(yuan.toFixed());
      const wan = parseAmount(`${yuan.div(10_000).toFixed()}万`);
      return plain.ok && plain.fen === x && wan.ok && wan.fen === x;
    }), { numRuns: 2000 });
  });

  it('formatWan(x) parses back to within half a display unit of x', () => {
    fc.assert(fc.property(fen, (x) => {
      const r = parseAmount(formatWan(x));
      if (!r.ok) return false;
      const shown = formatWan(x);
      // display unit: exact below 1万, 0.01万 = ¥100 = 10,000 fen, 0.01亿 = ¥1,000,000 = 100,000,000 fen
      const unit = shown.endsWith('亿') ? 100_000_000n : shown.endsWith('万') ? 10_000n : 0n;
      const diff = r.fen > x ? r.fen - x : x - r.fen;
      return diff * 2n <= unit;
    }), { numRuns: 2000 });
  });
});
