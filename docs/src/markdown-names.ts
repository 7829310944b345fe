/**
 * Pulls out of Markdown every name that must exist in the code: environment variables (and other
 * UPPER_SNAKE identifiers), chart value paths, HTTP endpoints and `kubectl prst` commands. Each hit
 * keeps its file and line so a failing test can say where the stale name is.
 */

export interface Mention {
  file: string;
  line: number;
  text: string;
}

export interface Endpoint extends Mention {
  method: string;
  path: string;
}

export interface CodeBlock {
  lang: string;
  /** Line of the first line inside the fence. */
  line: number;
  body: string;
}

export interface MarkdownPart {
  /** Inline code spans outside fenced blocks. */
  spans: Mention[];
  blocks: CodeBlock[];
  /** Prose lines (outside fenced blocks), code spans included. */
  prose: Mention[];
}

/** Splits a Markdown file into fenced code blocks, inline code spans and prose lines. */
export function parseMarkdown(file: string, markdown: string): MarkdownPart {
  const lines = markdown.split('\n');
  const spans: Mention[] = [];
  const blocks: CodeBlock[] = [];
  const prose: Mention[] = [];
  let open: { fence: string; lang: string; line: number; body: string[] } | undefined;
  lines.forEach((text, index) => {
    const fence = /^\s*(```+|~~~+)\s*([\w-]*)/.exec(text);
    if (open) {
      if (fence && fence[1]!.startsWith(open.fence) && text.trim() === fence[1]) {
        blocks.push({ lang: open.lang, line: open.line, body: open.body.join('\n') });
        open = undefined;
      } else {
        open.body.push(text);
      }
      return;
    }
    if (fence) {
      open = { fence: fence[1]!, lang: fence[2] ?? '', line: index + 2, body: [] };
      return;
    }
    prose.push({ file, line: index + 1, text });
    for (const match of text.matchAll(/(`+)([^`]+?)\1/g)) spans.push({ file, line: index + 1, text: match[2]!.trim() });
  });
  return { spans, blocks, prose };
}

function blockLines(file: string, block: CodeBlock): Mention[] {
  return block.body.split('\n').map((text, i) => ({ file, line: block.line + i, text }));
}

const UPPER_SNAKE = /(?<![\w-])\$?\{?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/g;

/** Every UPPER_SNAKE identifier in code spans and code blocks (env variables, error names, streams). */
export function upperSnakeNames(file: string, part: MarkdownPart): Mention[] {
  const found: Mention[] = [];
  const scan = (mention: Mention) => {
    for (const match of mention.text.matchAll(UPPER_SNAKE)) found.push({ ...mention, text: match[1]! });
  };
  part.spans.forEach(scan);
  part.blocks.forEach((block) => blockLines(file, block).forEach(scan));
  return found;
}

/**
 * Chart value paths: code spans that start with a top-level key of values.yaml followed by a dot
 * (`config.rootEmail`, `providers.cidrs[0]`), and the keys of `--set`/`--set-string`/`--set-file` in
 * code blocks. Host names (`support.prst.ai`) are not value paths.
 */
export function chartValuePaths(file: string, part: MarkdownPart, topLevelKeys: Set<string>): Mention[] {
  const found: Mention[] = [];
  const consider = (mention: Mention, candidate: string) => {
    const path = candidate.replace(/^['"]|['"]$/g, '').split('=')[0]!;
    const top = path.split(/[.[]/)[0]!;
    if (!topLevelKeys.has(top) || !path.includes('.')) return;
    if (/\.(ai|com|io|org|net|local|internal|svc|cluster)$/.test(path) || /[/:]/.test(path)) return;
    if (!/^[A-Za-z][\w-]*(\[\d+\])?(\.[A-Za-z_][\w-]*(\[\d+\])?)+$/.test(path)) return;
    found.push({ ...mention, text: path });
  };
  for (const span of part.spans) consider(span, span.text);
  for (const block of part.blocks) {
    for (const mention of blockLines(file, block)) {
      for (const match of mention.text.matchAll(/--set(?:-string|-file|-json)?[ =]+(['"]?)([^\s'"]+)\1/g)) {
        // --set a=1,b=2 sets two values.
        for (const assignment of match[2]!.split(/,(?=[A-Za-z])/)) consider(mention, assignment);
      }
    }
  }
  return found;
}

/** Leaf paths of a YAML values block (`a.b.c`), for blocks that are chart values files. */
export function flattenValuePaths(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length) return prefix ? [prefix] : [];
    return entries.flatMap(([key, child]) => flattenValuePaths(child, prefix ? `${prefix}.${key}` : key));
  }
  return prefix ? [prefix] : [];
}

const METHODS = 'GET|POST|PUT|PATCH|DELETE|HEAD';

/** `METHOD /path` in prose and code, and every `curl` call of a code block (its method and path). */
export function endpoints(file: string, part: MarkdownPart): Endpoint[] {
  const found: Endpoint[] = [];
  const push = (mention: Mention, method: string, rawPath: string) => {
    const path = rawPath.split(/[?#]/)[0]!.replace(/[.,;:)\]}"'`]+$/, '');
    if (path.length > 1) found.push({ ...mention, method, path });
  };
  const scanText = (mention: Mention) => {
    for (const match of mention.text.matchAll(new RegExp(`\\b(${METHODS})\\s+(\\/[^\\s\`'"|,)]*)`, 'g'))) push(mention, match[1]!, match[2]!);
  };
  part.prose.forEach(scanText);
  for (const block of part.blocks) {
    const lines = blockLines(file, block);
    lines.forEach(scanText);
    // curl commands may continue over several lines with a trailing backslash.
    const joined: Mention[] = [];
    let current: Mention | undefined;
    for (const line of lines) {
      current = current ? { ...current, text: `${current.text} ${line.text}` } : { ...line };
      if (!/\\\s*$/.test(line.text)) {
        joined.push(current);
        current = undefined;
      } else {
        current.text = current.text.replace(/\\\s*$/, '');
      }
    }
    if (current) joined.push(current);
    for (const command of joined) {
      for (const call of command.text.split(/(?=\bcurl\s)/).filter((piece) => /^curl\s/.test(piece))) {
        const url = /(?:https?:\/\/[^/\s"']+|\$\{?PRST\}?|\$PRST)(\/[^\s"']*)/.exec(call);
        if (!url) continue;
        const explicit = new RegExp(`(?:-X|--request)\\s*(${METHODS})\\b`).exec(call)?.[1];
        const sendsBody = /\s(?:-d|--data(?:-raw|-binary)?|--json|-F|--form)\s/.test(call);
        push(command, explicit ?? (sendsBody ? 'POST' : 'GET'), url[1]!);
      }
    }
  }
  return found;
}

/** The words after `kubectl prst` up to the first option, redirection or end (in code only). */
export function kubectlPrstCommands(file: string, part: MarkdownPart): Mention[] {
  const found: Mention[] = [];
  const scan = (mention: Mention) => {
    for (const match of mention.text.matchAll(/\bkubectl[ -]prst((?:\s+[a-z][a-z-]*)*)/g)) {
      found.push({ ...mention, text: match[1]!.trim().split(/\s+/).filter(Boolean).join(' ') });
    }
  };
  part.spans.forEach(scan);
  part.blocks.forEach((block) => blockLines(file, block).forEach(scan));
  return found;
}

/** Whether a documented path matches a route template (`{id}` and `:id` match any one segment). */
export function pathMatches(template: string, path: string): boolean {
  const a = template.split('/');
  const b = path.split('/');
  if (a.length !== b.length) return false;
  return a.every((segment, i) => (/^\{\w+\}$|^:\w+$/.test(segment) ? b[i] !== '' : segment === b[i]));
}
