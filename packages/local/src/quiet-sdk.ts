// Imported first by main.ts, so it runs before any AWS SDK module loads. The SDK warns on
// every Node 20 process that its support ends in 2027; under `npm start` that warning lands
// in the middle of the banner and says nothing about SCC (the README recommends Node 22,
// which Lambda runs). An explicit setting from the user wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export {};
