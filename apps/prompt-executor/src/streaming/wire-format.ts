import type { ConnectorTemplate, ProxyFormat, TokenUsage } from '@prst/contracts';
import type { SseEvent } from './sse-parser.js';

/**
 * The provider wire format a connector speaks, read from its request URL: OpenAI chat completions
 * (`…/chat/completions`, also Azure's) or Anthropic messages (`…/messages`); null for any other API.
 */
export function wireFormatOf(template: ConnectorTemplate): ProxyFormat | null {
  const path = template.request.url.replace(/^[a-z]+:\/\/[^/?#]*/i, '').split(/[?#]/)[0]!.replace(/\/+$/, '');
  if (/\/chat\/completions$/.test(path)) return 'openai';
  if (/\/messages$/.test(path)) return 'anthropic';
  return null;
}

/** What a task records of a provider's answer: the text, token usage and a few named properties. */
export interface ProviderResult {
  output: string | null;
  usage: TokenUsage | null;
  properties: Record<string, unknown>;
}

type Json = Record<string, any>;

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function usageOf(input: unknown, output: unknown, total?: unknown): TokenUsage | null {
  const inputTokens = num(input);
  const outputTokens = num(output);
  if (inputTokens === null && outputTokens === null) return null;
  return { inputTokens, outputTokens, totalTokens: num(total) ?? (inputTokens ?? 0) + (outputTokens ?? 0) };
}

const definedOnly = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== null));

/** Output, usage and properties of a whole (non-streamed) answer in the given format. */
export function resultOfAnswer(format: ProxyFormat, body: unknown): ProviderResult {
  const answer = (body && typeof body === 'object' ? body : {}) as Json;
  if (format === 'openai') {
    const choice = Array.isArray(answer.choices) ? answer.choices[0] : undefined;
    const content = choice?.message?.content;
    return {
      output: typeof content === 'string' ? content : null,
      usage: usageOf(answer.usage?.prompt_tokens, answer.usage?.completion_tokens, answer.usage?.total_tokens),
      properties: definedOnly({ model: answer.model, finishReason: choice?.finish_reason }),
    };
  }
  const texts = (Array.isArray(answer.content) ? answer.content : []).filter((block: Json) => block?.type === 'text').map((block: Json) => String(block.text ?? ''));
  return {
    output: texts.length ? texts.join('') : null,
    usage: usageOf(answer.usage?.input_tokens, answer.usage?.output_tokens),
    properties: definedOnly({ model: answer.model, stopReason: answer.stop_reason }),
  };
}

/** Rebuilds a streamed answer from its events: the text as it grew, usage and properties. */
export interface StreamAccumulator {
  add(event: SseEvent): void;
  result(): ProviderResult;
  /** Every event's data (parsed when JSON), for the stored task. */
  readonly events: unknown[];
  /** The provider's in-stream error event, when it sent one. */
  readonly providerError: unknown;
}

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/** OpenAI `chat.completion.chunk`s: `choices[0].delta.content` pieces; usage in a last chunk when asked for. */
class OpenAiAccumulator implements StreamAccumulator {
  readonly events: unknown[] = [];
  providerError: unknown = null;
  private readonly pieces: string[] = [];
  private usage: TokenUsage | null = null;
  private model: unknown;
  private finishReason: unknown;

  add(event: SseEvent): void {
    if (event.data === '[DONE]') return;
    const chunk = parse(event.data);
    this.events.push(chunk);
    if (!chunk || typeof chunk !== 'object') return;
    const json = chunk as Json;
    if (json.error) this.providerError = json.error;
    this.model ??= json.model;
    const choice = Array.isArray(json.choices) ? json.choices.find((item: Json) => (item?.index ?? 0) === 0) : undefined;
    if (typeof choice?.delta?.content === 'string') this.pieces.push(choice.delta.content);
    if (choice?.finish_reason) this.finishReason = choice.finish_reason;
    if (json.usage) this.usage = usageOf(json.usage.prompt_tokens, json.usage.completion_tokens, json.usage.total_tokens);
  }

  result(): ProviderResult {
    return {
      output: this.pieces.join(''),
      usage: this.usage,
      properties: definedOnly({ model: this.model, finishReason: this.finishReason }),
    };
  }
}

/** Anthropic message events: text deltas; input tokens in message_start, output tokens in message_delta. */
class AnthropicAccumulator implements StreamAccumulator {
  readonly events: unknown[] = [];
  providerError: unknown = null;
  private readonly pieces: string[] = [];
  private inputTokens: unknown;
  private outputTokens: unknown;
  private model: unknown;
  private stopReason: unknown;

  add(event: SseEvent): void {
    const data = parse(event.data);
    this.events.push(event.event ? { event: event.event, data } : data);
    if (!data || typeof data !== 'object') return;
    const json = data as Json;
    switch (json.type) {
      case 'message_start':
        this.model = json.message?.model;
        this.inputTokens = json.message?.usage?.input_tokens;
        this.outputTokens = json.message?.usage?.output_tokens;
        break;
      case 'content_block_delta':
        if (json.delta?.type === 'text_delta' && typeof json.delta.text === 'string') this.pieces.push(json.delta.text);
        break;
      case 'message_delta':
        if (json.delta?.stop_reason) this.stopReason = json.delta.stop_reason;
        // Cumulative: the last one counts.
        if (json.usage?.output_tokens !== undefined) this.outputTokens = json.usage.output_tokens;
        if (json.usage?.input_tokens !== undefined && json.usage.input_tokens !== null) this.inputTokens = json.usage.input_tokens;
        break;
      case 'error':
        this.providerError = json.error ?? json;
        break;
    }
  }

  result(): ProviderResult {
    return {
      output: this.pieces.join(''),
      usage: usageOf(this.inputTokens, this.outputTokens),
      properties: definedOnly({ model: this.model, stopReason: this.stopReason }),
    };
  }
}

export function accumulatorFor(format: ProxyFormat): StreamAccumulator {
  return format === 'openai' ? new OpenAiAccumulator() : new AnthropicAccumulator();
}
