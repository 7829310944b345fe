/** One declared environment variable: how to parse it and whether it is a secret. */
export interface EnvVar<T> {
  readonly description: string;
  readonly sensitive: boolean;
  /** Returns the value or throws an Error whose message says what is wrong (without the value). */
  parse(raw: string | undefined): T;
}

interface Common<T> {
  description: string;
  default?: T;
  sensitive?: boolean;
}

function declare<T>(options: Common<T>, convert: (raw: string) => T): EnvVar<T> {
  return {
    description: options.description,
    sensitive: options.sensitive ?? false,
    parse(raw) {
      if (raw === undefined || raw === '') {
        if (options.default !== undefined) return options.default;
        throw new Error('is required but not set');
      }
      return convert(raw);
    },
  };
}

/** An optional variable: absent or empty gives undefined. */
function optional<T>(variable: EnvVar<T>): EnvVar<T | undefined> {
  return { ...variable, parse: (raw) => (raw === undefined || raw === '' ? undefined : variable.parse(raw)) };
}

export const envVar = {
  string(options: Common<string> & { minLength?: number }): EnvVar<string> {
    return declare(options, (raw) => {
      if (options.minLength && raw.length < options.minLength) {
        throw new Error(`must be at least ${options.minLength} characters long`);
      }
      return raw;
    });
  },

  int(options: Common<number> & { min?: number; max?: number }): EnvVar<number> {
    return declare(options, (raw) => {
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) throw new Error('must be an integer');
      if (options.min !== undefined && value < options.min) throw new Error(`must be ≥ ${options.min}`);
      if (options.max !== undefined && value > options.max) throw new Error(`must be ≤ ${options.max}`);
      return value;
    });
  },

  bool(options: Common<boolean>): EnvVar<boolean> {
    return declare(options, (raw) => {
      const normalized = raw.trim().toLowerCase();
      if (['true', '1', 'yes'].includes(normalized)) return true;
      if (['false', '0', 'no'].includes(normalized)) return false;
      throw new Error('must be true or false');
    });
  },

  url(options: Common<string> & { protocols: string[] }): EnvVar<string> {
    return declare(options, (raw) => {
      let parsed: URL;
      try {
        parsed = new URL(raw);
      } catch {
        throw new Error('must be a valid URL');
      }
      if (!options.protocols.includes(parsed.protocol.replace(/:$/, ''))) {
        throw new Error(`must use one of: ${options.protocols.join(', ')}`);
      }
      return raw;
    });
  },

  oneOf<T extends string>(values: readonly T[], options: Common<T>): EnvVar<T> {
    return declare(options, (raw) => {
      if (!values.includes(raw as T)) throw new Error(`must be one of: ${values.join(', ')}`);
      return raw as T;
    });
  },

  optional,
};
