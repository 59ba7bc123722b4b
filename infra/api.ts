import { serviceKeyHash } from './secrets';
import { table } from './storage';

// One HTTP API (API Gateway v2, Lambda payload format 2.0, which hono/aws-lambda reads) in
// front of one Lambda running the whole Hono app. Hono does the routing, so API Gateway has
// only the catch-all `$default` route.
export const api = new sst.aws.ApiGatewayV2('SccApi', {
  // CORS stays off: integrations are servers sending `X-Service-Key`, and the browser pages
  // will be served from the same origin. SST's default allows every origin, method and
  // header, i.e. scripts on any web page could call the API and read its answers; nothing
  // needs that yet. Turn it on with an explicit origin list when something does.
  cors: false,
  transform: {
    stage: (args) => {
      // A ceiling for the whole stage: far above what one charter operator, its crew and its
      // guests send, low enough that a runaway integration loop or a flood on the public guest
      // routes gets 429s instead of a Lambda and DynamoDB bill.
      args.defaultRouteSettings = {
        throttlingRateLimit: 50,
        throttlingBurstLimit: 100,
      };
    },
  },
});

api.route('$default', {
  handler: 'packages/api/src/lambda.handler',
  runtime: 'nodejs22.x',
  architecture: 'arm64',
  memory: '512 MB',
  // An HTTP API gives up on an integration after 30 seconds anyway; the booking steps carry
  // their own, shorter timeouts, so this only bounds a stuck invocation.
  timeout: '30 seconds',
  // Grants the function dynamodb:* on the table and its indexes, and exposes
  // Resource.SccTable.name and Resource.ServiceKeyHash.value to the handler.
  link: [table, serviceKeyHash],
  environment: {
    NODE_OPTIONS: '--enable-source-maps',
  },
  nodejs: {
    // The docs call both defaults, but SST 3.19's builder minifies only when `minify` is
    // passed, so both are spelled out: the deployed bundle should match what `npm run build`
    // measures (one minified ESM file, the AWS SDK inside).
    format: 'esm',
    minify: true,
    // By default SST takes the source map out of the deployed bundle (it only uploads it for
    // its Console). Keeping it in lets the NODE_OPTIONS above map stack traces in the logs
    // back to TypeScript lines.
    sourcemap: true,
  },
});
