import { api } from '../api';
import { senderIdentityExists } from '../config';
import { email } from '../email';
import { apiRoute } from '../lambda';
import { table } from '../storage';
import { deliveryDeadLetters, deliveryQueue } from '../webhook-queue';
import { webhookConsumer } from '../webhooks';
import { reminderDeadLetters } from '../reminder-schedules';
import { reminderFunction } from '../reminders';
import { alarmSpecs, reminderAlarmSpecs, webhookAlarmSpecs } from './alarm-specs';

// CloudWatch alarms (infra/monitoring/alarm-specs.ts says which and why) and where they go:
// the SccAlarms SNS topic, the `alarms` output. Subscribe someone once per stage, e.g.
//   aws sns subscribe --region us-east-1 --topic-arn <alarms output> --protocol email \
//     --notification-endpoint ops@charters.example
// (and confirm the email AWS sends).

export const alarmTopic = new aws.sns.Topic('SccAlarms', {});

// SES event destination: every crew email's send, delivery, bounce, complaint and rejection as
// CloudWatch metrics (namespace AWS/SES) with the configuration set as dimension, which the
// bounce and complaint rate alarms read. Only on the stage that owns the sender identity and
// its configuration set (SCC_SENDER_EXISTS unset): the others send through the same set, and
// their emails are counted there.
const ownsEmail = !senderIdentityExists;
if (ownsEmail) {
  new aws.sesv2.ConfigurationSetEventDestination('SccEmailMetrics', {
    configurationSetName: email.configSet,
    eventDestinationName: 'cloudwatch',
    eventDestination: {
      enabled: true,
      matchingEventTypes: ['SEND', 'DELIVERY', 'BOUNCE', 'COMPLAINT', 'REJECT'],
      cloudWatchDestination: {
        dimensionConfigurations: [
          {
            // SES tags every email with its configuration set under this name.
            dimensionName: 'ses:configuration-set',
            dimensionValueSource: 'MESSAGE_TAG',
            defaultDimensionValue: 'none',
          },
        ],
      },
    },
  });
}

const specs = alarmSpecs({
  stage: $app.stage,
  functionName: apiRoute.nodes.function.apply((fn) => fn.name),
  apiId: api.nodes.api.id,
  tableName: table.name,
  indexName: $output('gsi1'),
  configSet: email.configSet,
});

const webhookSpecs = webhookAlarmSpecs({
  stage: $app.stage,
  consumerFunctionName: webhookConsumer.name,
  queueName: deliveryQueue.nodes.queue.name,
  deadLetterQueueName: deliveryDeadLetters.nodes.queue.name,
});

const reminderSpecs = reminderAlarmSpecs({
  stage: $app.stage,
  reminderFunctionName: reminderFunction.name,
  deadLetterQueueName: reminderDeadLetters.nodes.queue.name,
});

for (const { key, ...spec } of [...specs, ...webhookSpecs, ...reminderSpecs]) {
  if (key.startsWith('Email') && !ownsEmail) continue;
  new aws.cloudwatch.MetricAlarm(`SccAlarm${key}`, {
    ...spec,
    name: `scc-${$app.stage}-${key}`,
    alarmActions: [alarmTopic.arn],
    okActions: [alarmTopic.arn],
  });
}
