/** One step of a path: an object key or a list index. */
export type PathStep = string | number;

const SEGMENT = /^([^.[\]]+)?((?:\[\d+\])*)$/;

/** Parses `choices[0].message.content`; throws with a reason when the path is malformed. */
export function parsePath(path: string): PathStep[] {
  if (!path.trim()) throw new Error('is empty');
  const steps: PathStep[] = [];
  for (const segment of path.split('.')) {
    const match = SEGMENT.exec(segment);
    if (!match || (!match[1] && !match[2])) throw new Error(`has an unreadable part "${segment}"`);
    if (match[1]) steps.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
  }
  return steps;
}

export function pathProblem(path: string): string | undefined {
  try {
    parsePath(path);
    return undefined;
  } catch (error) {
    return `path "${path}" ${(error as Error).message}`;
  }
}

/** The value at `path`, or found=false when any step is missing. */
export function valueAt(root: unknown, path: string): { found: boolean; value: unknown } {
  let current: unknown = root;
  for (const step of parsePath(path)) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { found: false, value: undefined };
      current = current[step];
    } else {
      if (!current || typeof current !== 'object' || Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, step)) {
        return { found: false, value: undefined };
      }
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: current !== undefined, value: current };
}
