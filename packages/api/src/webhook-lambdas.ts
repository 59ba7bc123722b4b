import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient, SqsMessageVisibility } from '@scc/aws';
import type { DeliveryHandler } from '@scc/core';
import { awsOutside, awsServiceSettings } from './aws-outside';
import { readAwsSettings } from './aws-settings';
import { createServices, type Services } from './services';
import type { OutboxFlusher } from './outbox-sweeper-lambda';
import type { MessageHold } from './webhook-consumer-lambda';
import { deliveryHandlerOf, outboxRelayOf } from './webhook-services';

// The real dependencies of the webhook Lambdas (the consumer and the outbox sweeper), built on
// their first invocation and kept for the container's life: the same settings, services and
// outside adapters as the API, so a delivery takes exactly the API's path.

export interface ConsumerWiring {
  deliveryHandler: DeliveryHandler;
  visibility: MessageHold;
}

export interface SweeperWiring {
  outboxRelay: OutboxFlusher;
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
  return { deliveryHandler: deliveryHandlerOf(services), visibility: new SqsMessageVisibility(sqs, queueUrl) };
}

export async function sweeperWiring(): Promise<SweeperWiring> {
  return { outboxRelay: outboxRelayOf(build().services) };
}
