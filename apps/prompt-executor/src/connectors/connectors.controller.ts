import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ConnectorIdRequest,
  CreateConnectorRequest,
  CreateConnectorVersionRequest,
  ListConnectorsRequest,
  Subjects,
  type CallerContext,
} from '@prst/contracts';
import { Caller } from '@prst/messaging';
import { ConnectorsService } from './connectors.service.js';

@Controller()
export class ConnectorsController {
  constructor(private readonly connectors: ConnectorsService) {}

  @MessagePattern(Subjects.executor.connectorPresets)
  presets() {
    return this.connectors.presets();
  }

  @MessagePattern(Subjects.executor.connectorCreate)
  create(@Payload() request: CreateConnectorRequest, @Caller() context: CallerContext) {
    return this.connectors.create(request, context);
  }

  @MessagePattern(Subjects.executor.connectorList)
  list(@Payload() request: ListConnectorsRequest) {
    return this.connectors.list(request);
  }

  @MessagePattern(Subjects.executor.connectorGet)
  get(@Payload() request: ConnectorIdRequest) {
    return this.connectors.get(request.id);
  }

  @MessagePattern(Subjects.executor.connectorVersionCreate)
  createVersion(@Payload() request: CreateConnectorVersionRequest, @Caller() context: CallerContext) {
    return this.connectors.createVersion(request, context);
  }

  @MessagePattern(Subjects.executor.connectorVersionList)
  listVersions(@Payload() request: ConnectorIdRequest) {
    return this.connectors.listVersions(request.id);
  }
}
