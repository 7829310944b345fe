import { Body, Controller, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PrstError, Subjects, type CallerContext, type ProxyFormat } from '@prst/contracts';
import { AcceptsApiKeyHeader, RequirePermission } from '../auth/permission.decorator.js';
import { PERMISSIONS } from '../auth/permissions.js';
import { RequestContext } from '../http/request-context.decorator.js';
import { ProxyRelay, wantsStream } from './proxy-relay.js';

const CREDENTIAL_HEADER = 'x-prst-credential-id';

const USAGE =
  'Authenticate with an API key of this installation as the SDK key (`Authorization: Bearer <key>` or `x-api-key: <key>`); it is never forwarded. ' +
  'The connector (its latest version) decides where the call goes and which stored provider credential it carries; ' +
  `\`${CREDENTIAL_HEADER}\` names another credential (roles with credentials.read). The body goes to the provider unchanged ` +
  '(a missing `model` is taken from the connector). The provider answers as itself, errors included; `"stream": true` answers text/event-stream ' +
  'in the provider\'s event format. The answer header `x-prst-task-id` names the stored task (kind `proxy`).';

@ApiTags('proxy')
@Controller('api/v1/proxy/:connectorId')
@RequirePermission('proxy.use')
@AcceptsApiKeyHeader()
export class ProxyController {
  constructor(private readonly relay: ProxyRelay) {}

  /** The OpenAI SDK calls `<baseURL>/chat/completions`; some clients keep a `/v1` in the path. */
  @Post(['chat/completions', 'v1/chat/completions'])
  @HttpCode(200)
  @ApiOperation({ summary: 'OpenAI-compatible chat completions through a connector', description: USAGE })
  openai(
    @Param('connectorId') connectorId: string,
    @Body() body: unknown,
    @Headers(CREDENTIAL_HEADER) credentialId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @RequestContext() context: CallerContext,
  ): Promise<void> {
    return this.forward('openai', connectorId, body, credentialId, request, reply, context);
  }

  /** The Anthropic SDK calls `<baseURL>/v1/messages`. */
  @Post(['messages', 'v1/messages'])
  @HttpCode(200)
  @ApiOperation({ summary: 'Anthropic-compatible messages through a connector', description: USAGE })
  anthropic(
    @Param('connectorId') connectorId: string,
    @Body() body: unknown,
    @Headers(CREDENTIAL_HEADER) credentialId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @RequestContext() context: CallerContext,
  ): Promise<void> {
    return this.forward('anthropic', connectorId, body, credentialId, request, reply, context);
  }

  private forward(
    format: ProxyFormat,
    connectorId: string,
    body: unknown,
    credentialId: string | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    context: CallerContext,
  ): Promise<void> {
    if (credentialId !== undefined) assertMayNameCredential(request);
    const data = { connectorId, format, body, ...(credentialId !== undefined ? { credentialId } : {}) };
    return this.relay.answer(Subjects.executor.proxyCall, data, wantsStream(body), reply, context);
  }
}

/** Naming a stored credential is for principals that may see credentials (role and API key scope). */
function assertMayNameCredential(request: FastifyRequest): void {
  const principal = request.prstPrincipal;
  const allowed =
    !!principal &&
    (PERMISSIONS['credentials.read'] as readonly string[]).includes(principal.role) &&
    (!principal.permissions || principal.permissions.includes('credentials.read'));
  if (!allowed) throw new PrstError('FORBIDDEN', `Only callers with the permission credentials.read may name a credential in ${CREDENTIAL_HEADER}.`);
}
