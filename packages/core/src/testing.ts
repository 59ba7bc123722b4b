/** Test support shared with the cross-package tests and benchmarks; production never imports it. */
export { buildFeed, type BuildFeedOptions, type FixtureEvent } from './channels/testing/feed-fixture';
