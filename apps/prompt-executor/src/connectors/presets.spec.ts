import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONNECTOR_PRESETS } from '@prst/contracts';
import { credentialSlotsOf, renderRequest, templateProblems } from '../templating/connector-template.js';
import { PRESETS, instantiatePreset } from './presets.js';

describe('PRESETS', () => {
  it('has a valid template for every preset name of the contract', () => {
    for (const name of CONNECTOR_PRESETS) {
      const template = instantiatePreset(PRESETS[name], 'https://provider.example/', 'model-1');
      assert.deepEqual(templateProblems(template), [], name);
    }
  });

  it('needs an apiKey credential everywhere except Ollama', () => {
    for (const name of CONNECTOR_PRESETS) {
      assert.deepEqual(credentialSlotsOf(PRESETS[name].template), name === 'ollama-chat' ? [] : ['apiKey'], name);
    }
  });
});

describe('instantiatePreset', () => {
  it('encodes the model where it lands in the URL and keeps it verbatim in the body', () => {
    const azure = instantiatePreset(PRESETS['azure-openai-chat'], 'https://acme.openai.azure.com/', 'gpt 4o/eu');
    assert.equal(azure.request.url, 'https://acme.openai.azure.com/openai/deployments/gpt%204o%2Feu/chat/completions?api-version=2024-10-21');
    const openai = instantiatePreset(PRESETS['openai-chat'], 'http://127.0.0.1:9/v1', 'gpt 4o/eu');
    assert.equal((openai.request.body as { model: string }).model, 'gpt 4o/eu');
  });

  it('renders a Gemini request with proxy parameters under generationConfig', () => {
    const template = instantiatePreset(PRESETS['gemini-generate'], 'https://generativelanguage.googleapis.com', 'gemini-1.5-flash');
    const request = renderRequest(template.request, { prompt: 'Hi', proxy: { temperature: 0.1 }, credentials: { apiKey: 'key-123456' } });
    assert.equal(request.url, 'https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent');
    assert.equal(request.headers['x-goog-api-key'], 'key-123456');
    assert.deepEqual(request.body, { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], generationConfig: { temperature: 0.1 } });
  });
});
