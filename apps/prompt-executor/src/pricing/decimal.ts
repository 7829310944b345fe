/**
 * Exact decimal numbers for money: an integer count of 10^-scale units (BigInt). Binary floats never
 * touch an amount — 0.1 + 0.2 is 0.3 here. Only what pricing needs: parse, add, multiply, divide with
 * rounding, compare, print.
 */
export class Decimal {
  private constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);

  /** Reads `"12"`, `"-0.0025"`, `"1.5e-3"`, or a JSON number (through its shortest text form). */
  static parse(value: string | number | bigint): Decimal {
    if (typeof value === 'bigint') return new Decimal(value, 0);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    const text = String(value).trim();
    const match = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text) ?? /^([+-]?)()\.(\d+)(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!match) throw new RangeError(`not a decimal number: "${text}"`);
    const [, sign, whole, fraction = '', exponentText] = match;
    const exponent = exponentText ? Number(exponentText) : 0;
    if (Math.abs(exponent) > 100) throw new RangeError(`exponent out of range: "${text}"`);
    let units = BigInt(`${whole || '0'}${fraction}`);
    let scale = fraction.length - exponent;
    if (scale < 0) {
      units *= 10n ** BigInt(-scale);
      scale = 0;
    }
    return new Decimal(sign === '-' ? -units : units, scale);
  }

  static isDecimal(value: unknown): boolean {
    try {
      Decimal.parse(value as string);
      return true;
    } catch {
      return false;
    }
  }

  private at(scale: number): bigint {
    return this.units * 10n ** BigInt(scale - this.scale);
  }

  add(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.at(scale) + other.at(scale), scale);
  }

  sub(other: Decimal): Decimal {
    return this.add(new Decimal(-other.units, other.scale));
  }

  mul(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale);
  }

  /** This divided by a whole number, rounded half away from zero to `scale` places. */
  divInt(divisor: bigint, scale: number): Decimal {
    if (divisor === 0n) throw new RangeError('division by zero');
    // Work at `scale` places (scaling up when this has fewer), then round the remainder.
    const numerator = scale >= this.scale ? this.at(scale) : this.units;
    const denominator = scale >= this.scale ? divisor : divisor * 10n ** BigInt(this.scale - scale);
    return new Decimal(roundDiv(numerator, denominator), scale);
  }

  /** Rounded half away from zero to `scale` places (never adds digits it does not have). */
  round(scale: number): Decimal {
    if (scale >= this.scale) return this;
    return new Decimal(roundDiv(this.units, 10n ** BigInt(this.scale - scale)), scale);
  }

  compare(other: Decimal): number {
    const scale = Math.max(this.scale, other.scale);
    const a = this.at(scale);
    const b = other.at(scale);
    return a === b ? 0 : a < b ? -1 : 1;
  }

  min(other: Decimal): Decimal {
    return this.compare(other) <= 0 ? this : other;
  }

  max(other: Decimal): Decimal {
    return this.compare(other) >= 0 ? this : other;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  /** Plain text without exponent and without trailing zeros: `"0.0003"`, `"12"`. */
  toString(): string {
    const negative = this.units < 0n;
    let digits = (negative ? -this.units : this.units).toString();
    if (this.scale > 0) {
      digits = digits.padStart(this.scale + 1, '0');
      const whole = digits.slice(0, -this.scale);
      const fraction = digits.slice(-this.scale).replace(/0+$/, '');
      digits = fraction ? `${whole}.${fraction}` : whole;
    }
    return negative && digits !== '0' ? `-${digits}` : digits;
  }
}

function roundDiv(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  if ((n % d) * 2n >= d) quotient += 1n;
  return negative ? -quotient : quotient;
}
