import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootstrapEnv, configureMicroservice, natsTransport, runService } from '@prst/messaging';
import { gatewayEnvSchema } from './config/gateway-env.js';
import { AppModule } from './app.module.js';
import { configureHttp } from './http/configure-http.js';
import { ApiDocsService } from './docs/api-docs.service.js';
import { createOpenApiDocument } from './docs/openapi.js';

runService('gateway', async () => {
  const { env, logger } = await bootstrapEnv('gateway', gatewayEnvSchema);
  const root = AppModule.register(env);
  const app = await NestFactory.create<NestFastifyApplication>(
    root,
    new FastifyAdapter({ bodyLimit: env.BODY_LIMIT_BYTES, trustProxy: env.TRUST_PROXY }),
    { logger },
  );
  // The NATS listener must be configured before anything initialises the application.
  const microservice = app.connectMicroservice(natsTransport('gateway', env), {
    inheritAppConfig: false,
    deferInitialization: true,
  });
  configureMicroservice(microservice, logger);
  await configureHttp(app, logger);
  app.get(ApiDocsService).publish(createOpenApiDocument(app, root));
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(env.PORT, env.HOST);
  logger.log(`gateway is listening on http://${env.HOST}:${env.PORT}`);
});
