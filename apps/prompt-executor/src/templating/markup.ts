import type { ParameterDefinition, ParameterType } from '@prst/contracts';

/** Anything between double braces. */
const BRACES = /\{\{([^{}]*)\}\}/g;
/** name, optional marker, type (with enum values) and default; see CreatePromptFromMarkupRequest. */
const DECLARATION =
  /^\s*([A-Za-z_][A-Za-z0-9_]{0,63})\s*(\?)?\s*(?::\s*(string|number|boolean|json|enum\s*\(([^)]*)\)))?\s*(?:=([\s\S]*))?$/;

function unquote(text: string): string {
  const trimmed = text.trim();
  return /^(["']).*\1$/s.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}

function parseDefault(name: string, type: ParameterType, raw: string, problems: string[]): unknown {
  const text = raw.trim();
  switch (type) {
    case 'number': {
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) problems.push(`default of ${name} must be a number, got "${text}"`);
      return value;
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') problems.push(`default of ${name} must be true or false, got "${text}"`);
      return text === 'true';
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        problems.push(`default of ${name} must be JSON, got "${text}"`);
        return undefined;
      }
    default:
      return unquote(text);
  }
}

/**
 * Reads prompt markup: the body with plain `{{name}}` placeholders and the declared parameters.
 * A name may appear several times; it is declared by its first typed occurrence (or as a required
 * string when it never has a type), and two different declarations of one name are an error.
 */
export function parseMarkup(markup: string): { body: string; parameters: ParameterDefinition[]; problems: string[] } {
  const problems: string[] = [];
  const declarations = new Map<string, { definition: ParameterDefinition; signature: string; typed: boolean }>();
  const body = markup.replace(BRACES, (whole, inner: string) => {
    const match = DECLARATION.exec(inner);
    if (!match) {
      problems.push(`cannot read the placeholder ${whole}`);
      return whole;
    }
    const [, name, optional, typeText, enumText, defaultText] = match;
    const type = (typeText?.startsWith('enum') ? 'enum' : typeText ?? 'string') as ParameterType;
    const typed = typeText !== undefined || defaultText !== undefined || optional !== undefined;
    const definition: ParameterDefinition = { name, type };
    if (type === 'enum') {
      definition.enumValues = (enumText ?? '').split(',').map(unquote).filter((value) => value !== '');
      if (!definition.enumValues.length) problems.push(`enum ${name} needs at least one value`);
    }
    if (defaultText !== undefined) {
      definition.default = parseDefault(name, type, defaultText, problems);
      if (type === 'enum' && !definition.enumValues?.includes(definition.default as string)) {
        problems.push(`default of ${name} must be one of ${definition.enumValues?.join(', ')}`);
      }
      definition.required = false;
    } else {
      definition.required = optional === undefined;
    }
    const signature = JSON.stringify(definition);
    const previous = declarations.get(name);
    if (!previous || (!previous.typed && typed)) {
      declarations.set(name, { definition, signature, typed });
    } else if (typed && previous.signature !== signature) {
      problems.push(`parameter ${name} is declared twice with different types or defaults`);
    }
    return `{{${name}}}`;
  });
  return { body, parameters: [...declarations.values()].map((entry) => entry.definition), problems };
}
