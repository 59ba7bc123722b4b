import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient, SqsMessageVisibility } from '@scc/aws';
import type { DeliveryHandler, OutboxRelay } from '@scc/core';
import { awsOutside, awsServiceSettings } from './aws-outside';
import { readAwsSettings } from './aws-settings';
import { createServices, type Services } from './services';

// The real dependencies of the webhook Lambdas (the consumer and the outbox sweeper), built on
// their first invocation and kept for the container's life: the same settings, services and
// outside adapters as the API, so a delivery takes exactly the API's path.

export interface ConsumerWiring {
  deliveryHandler: DeliveryHandler;
  visibility: SqsMessageVisibility;
}

export interface SweeperWiring {
  outboxRelay: Pick<OutboxRelay, 'sweep'>;
}

let built: { services: Services; sqs: SQSClient; queueUrl: string } | undefined;

function build() {
  if (!built) {
    const settings = readAwsSettings();
    built = {
      services: createServices(createDocumentClient({}), settings.tableName, awsOutside(settings), awsServiceSettings(settings)),
      sqs: new SQSClient({}),
      queueUrl: settings.webhookQueueUrl,
    };
  }
  return built;
}

export async function consumerWiring(): Promise<ConsumerWiring> {
  const { services, sqs, queueUrl } = build();
  return { deliveryHandler: services.webhookDelivery, visibility: new SqsMessageVisibility(sqs, queueUrl) };
}

export async function sweeperWiring(): Promise<SweeperWiring> {
  return { outboxRelay: build().services.outboxRelay };
}
