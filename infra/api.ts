// One HTTP API (API Gateway v2, Lambda payload format 2.0, which hono/aws-lambda reads) in
// front of one Lambda running the whole Hono app. Hono does the routing, so API Gateway has
// only the catch-all `$default` route, which infra/lambda.ts adds once the public site exists
// (the function needs the site's URL and distribution id; the site needs only this API's URL).
export const api = new sst.aws.ApiGatewayV2('SccApi', {
  // CORS stays off: integrations are servers sending `X-Service-Key`, and the browser pages
  // share one origin with the API (the public site, infra/site.ts, forwards to it). SST's
  // default allows every origin, method and header, i.e. scripts on any web page could call
  // the API and read its answers; nothing needs that yet. Turn it on with an explicit origin
  // list when something does.
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
