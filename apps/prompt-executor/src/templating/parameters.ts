import type { ParameterDefinition, ParameterView } from '@prst/contracts';

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Why `value` does not fit `parameter`, or undefined when it does. */
export function typeProblem(parameter: ParameterView, value: unknown): string | undefined {
  switch (parameter.type) {
    case 'string':
      return typeof value === 'string' ? undefined : `${parameter.name} must be a string, got ${describeType(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `${parameter.name} must be a number, got ${describeType(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${parameter.name} must be true or false, got ${describeType(value)}`;
    case 'enum':
      return typeof value === 'string' && (parameter.enumValues ?? []).includes(value)
        ? undefined
        : `${parameter.name} must be one of ${(parameter.enumValues ?? []).join(', ')}`;
    case 'json':
      return value === undefined ? `${parameter.name} must be a JSON value` : undefined;
  }
}

/** Normalises declared parameters (required defaults to true unless a default is given) and lists every problem. */
export function normaliseDefinitions(definitions: readonly ParameterDefinition[]): { parameters: ParameterView[]; problems: string[] } {
  const problems: string[] = [];
  const seen = new Set<string>();
  const parameters: ParameterView[] = [];
  for (const definition of definitions) {
    if (seen.has(definition.name)) problems.push(`parameter ${definition.name} is declared twice`);
    seen.add(definition.name);
    const view: ParameterView = {
      name: definition.name,
      type: definition.type,
      required: definition.required ?? definition.default === undefined,
    };
    if (definition.description !== undefined) view.description = definition.description;
    if (definition.type === 'enum') {
      if (!definition.enumValues?.length) problems.push(`parameter ${definition.name} is an enum and needs enumValues`);
      view.enumValues = definition.enumValues ?? [];
    } else if (definition.enumValues !== undefined) {
      problems.push(`parameter ${definition.name} has enumValues but is of type ${definition.type}`);
    }
    if (definition.default !== undefined) {
      const problem = typeProblem(view, definition.default);
      if (problem) problems.push(`default of ${problem}`);
      view.default = definition.default;
    }
    parameters.push(view);
  }
  return { parameters, problems };
}

/** Accepts `{"name": value}` or `[{"name": …, "value": …}]`. */
export function parameterInput(raw: unknown): { values: Record<string, unknown>; problems: string[] } {
  if (raw === undefined || raw === null) return { values: {}, problems: [] };
  if (Array.isArray(raw)) {
    const values: Record<string, unknown> = {};
    const problems: string[] = [];
    raw.forEach((item, index) => {
      const entry = item as { name?: unknown; value?: unknown } | null;
      if (!entry || typeof entry !== 'object' || typeof entry.name !== 'string') {
        problems.push(`parameters[${index}] must be {"name": …, "value": …}`);
      } else if (entry.name in values) {
        problems.push(`parameter ${entry.name} is given twice`);
      } else {
        values[entry.name] = entry.value;
      }
    });
    return { values, problems };
  }
  if (typeof raw === 'object') return { values: { ...(raw as Record<string, unknown>) }, problems: [] };
  return { values: {}, problems: ['parameters must be an object or a list of {"name", "value"}'] };
}

/** The values to render with (defaults applied), or every problem with the given ones. */
export function checkParameters(
  declared: readonly ParameterView[],
  given: Record<string, unknown>,
): { values: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  const names = new Set(declared.map((parameter) => parameter.name));
  for (const name of Object.keys(given)) if (!names.has(name)) problems.push(`${name} is not a parameter of this prompt version`);
  for (const parameter of declared) {
    const value = given[parameter.name];
    if (value === undefined || value === null) {
      if (parameter.default !== undefined) values[parameter.name] = parameter.default;
      else if (parameter.required) problems.push(`${parameter.name} is required`);
      continue;
    }
    const problem = typeProblem(parameter, value);
    if (problem) problems.push(problem);
    else values[parameter.name] = value;
  }
  return { values, problems };
}
