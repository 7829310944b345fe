import type { ConnectorPreset, ConnectorTemplate } from '@prst/contracts';

/**
 * Built-in connector presets. They are data: ordinary templates with two extra placeholders,
 * `{{preset.baseUrl}}` and `{{preset.model}}`, filled once when a connector is created from them.
 * Execution never knows which preset a connector came from.
 */
export interface PresetDefinition {
  description: string;
  defaultBaseUrl: string | null;
  defaultModel: string | null;
  template: ConnectorTemplate;
}

const userMessage = [{ role: 'user', content: '{{prompt}}' }];

const openAiChat = (description: string, defaultBaseUrl: string | null, defaultModel: string | null): PresetDefinition => ({
  description,
  defaultBaseUrl,
  defaultModel,
  template: {
    request: {
      method: 'POST',
      url: '{{preset.baseUrl}}/chat/completions',
      headers: { authorization: 'Bearer {{credentials.apiKey}}' },
      body: { model: '{{preset.model}}', messages: userMessage },
      proxyParametersAt: '',
    },
    response: {
      output: 'choices[0].message.content',
      inputTokens: 'usage.prompt_tokens',
      outputTokens: 'usage.completion_tokens',
      properties: { model: 'model', finishReason: 'choices[0].finish_reason' },
    },
  },
});

export const PRESETS: Record<ConnectorPreset, PresetDefinition> = {
  'openai-chat': openAiChat('OpenAI chat completions', 'https://api.openai.com/v1', 'gpt-4o-mini'),
  'openai-compatible-chat': openAiChat('Any OpenAI-compatible chat completions server (vLLM, LocalAI, llama.cpp)', null, null),
  'anthropic-messages': {
    description: 'Anthropic messages',
    defaultBaseUrl: 'https://api.anthropic.com',
    defaultModel: 'claude-3-5-haiku-latest',
    template: {
      request: {
        method: 'POST',
        url: '{{preset.baseUrl}}/v1/messages',
        headers: { 'x-api-key': '{{credentials.apiKey}}', 'anthropic-version': '2023-06-01' },
        body: { model: '{{preset.model}}', max_tokens: 1024, messages: userMessage },
        proxyParametersAt: '',
      },
      response: {
        output: 'content[0].text',
        inputTokens: 'usage.input_tokens',
        outputTokens: 'usage.output_tokens',
        properties: { model: 'model', stopReason: 'stop_reason' },
      },
    },
  },
  'azure-openai-chat': {
    description: 'Azure OpenAI chat completions; baseUrl is the resource (https://<name>.openai.azure.com), model the deployment',
    defaultBaseUrl: null,
    defaultModel: null,
    template: {
      request: {
        method: 'POST',
        url: '{{preset.baseUrl}}/openai/deployments/{{preset.model}}/chat/completions?api-version=2024-10-21',
        headers: { 'api-key': '{{credentials.apiKey}}' },
        body: { messages: userMessage },
        proxyParametersAt: '',
      },
      response: {
        output: 'choices[0].message.content',
        inputTokens: 'usage.prompt_tokens',
        outputTokens: 'usage.completion_tokens',
        properties: { model: 'model', finishReason: 'choices[0].finish_reason' },
      },
    },
  },
  'gemini-generate': {
    description: 'Google Gemini generateContent',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    defaultModel: 'gemini-1.5-flash',
    template: {
      request: {
        method: 'POST',
        url: '{{preset.baseUrl}}/v1beta/models/{{preset.model}}:generateContent',
        headers: { 'x-goog-api-key': '{{credentials.apiKey}}' },
        body: { contents: [{ role: 'user', parts: [{ text: '{{prompt}}' }] }] },
        proxyParametersAt: 'generationConfig',
      },
      response: {
        output: 'candidates[0].content.parts[0].text',
        inputTokens: 'usageMetadata.promptTokenCount',
        outputTokens: 'usageMetadata.candidatesTokenCount',
        properties: { finishReason: 'candidates[0].finishReason' },
      },
    },
  },
  'ollama-chat': {
    description: 'Ollama chat (no credential needed)',
    defaultBaseUrl: 'http://ollama:11434',
    defaultModel: 'llama3.1',
    template: {
      request: {
        method: 'POST',
        url: '{{preset.baseUrl}}/api/chat',
        headers: {},
        body: { model: '{{preset.model}}', messages: userMessage, stream: false },
        proxyParametersAt: 'options',
      },
      response: {
        output: 'message.content',
        inputTokens: 'prompt_eval_count',
        outputTokens: 'eval_count',
        properties: { model: 'model' },
      },
    },
  },
};

/** Fills a preset's baseUrl and model; the model is percent-encoded where it lands in a URL. */
export function instantiatePreset(preset: PresetDefinition, baseUrl: string, model: string): ConnectorTemplate {
  const base = baseUrl.replace(/\/+$/, '');
  const fill = (text: string, inUrl: boolean) =>
    text.replaceAll('{{preset.baseUrl}}', base).replaceAll('{{preset.model}}', inUrl ? encodeURIComponent(model) : model);
  const walk = (value: unknown, inUrl: boolean): unknown => {
    if (typeof value === 'string') return fill(value, inUrl);
    if (Array.isArray(value)) return value.map((item) => walk(item, false));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, key === 'url')]));
    }
    return value;
  };
  return walk(structuredClone(preset.template), false) as ConnectorTemplate;
}
