import type { InferRequestType, InferResponseType } from 'hono/client';
import type { ApiClient } from '../../api-client';
import { data, send } from '../session';
import type { Ctx } from '../ui';

type Channels = ApiClient['channels'];

/** A channel as the API shows it: the feed URL only as `https://host/…`. */
export type ChannelView = InferResponseType<Channels['$get'], 200>['items'][number];
export type ChannelCreate = InferRequestType<Channels['$post']>['json'];
export type ChannelChange = InferRequestType<Channels[':channelId']['$patch']>['json'];
export type SyncAnswer = InferResponseType<Channels[':channelId']['sync']['$post'], 200>;
export type SyncOutcome = SyncAnswer['outcome'];
export type FeedList = InferResponseType<ApiClient['feeds']['$get'], 200>;

export async function listChannels(ctx: Ctx): Promise<ChannelView[]> {
  return (await data(ctx.api.channels.$get())).items;
}

export function createChannel(ctx: Ctx, json: ChannelCreate): Promise<ChannelView> {
  return data(ctx.api.channels.$post({ json }));
}

/** On the version that was read (If-Match): two people editing never overwrite each other. */
export function changeChannel(ctx: Ctx, channel: Pick<ChannelView, 'channelId' | 'version'>, json: ChannelChange): Promise<ChannelView> {
  return data(ctx.api.channels[':channelId'].$patch({ param: { channelId: channel.channelId }, json }, { headers: { 'If-Match': `"${channel.version}"` } }));
}

export async function deleteChannel(ctx: Ctx, channelId: string): Promise<void> {
  await send(ctx.api.channels[':channelId'].$delete({ param: { channelId } }));
}

/** Sync now: what it did, and the channel's health after it. 409 `sync_running` if one is under way. */
export function syncChannel(ctx: Ctx, channelId: string): Promise<SyncAnswer> {
  return data(ctx.api.channels[':channelId'].sync.$post({ param: { channelId } }));
}

/** The operator's answer to "missing from the feed — confirm cancellation". */
export function answerFeedAlert(ctx: Ctx, bookingId: string, answer: 'keep' | 'cancel') {
  return data(ctx.api.channels.alerts[':bookingId'].$post({ param: { bookingId }, json: { answer } }));
}

export function listFeeds(ctx: Ctx): Promise<FeedList> {
  return data(ctx.api.feeds.$get());
}

/** A new key for one outgoing feed: the old URL stops working at once. */
export function rotateFeed(ctx: Ctx, kind: 'boats' | 'crew', id: string): Promise<{ url: string }> {
  return data(ctx.api.feeds[':kind'][':id'].rotate.$post({ param: { kind, id } }));
}

export function getChannel(ctx: Ctx, channelId: string): Promise<ChannelView> {
  return data(ctx.api.channels[':channelId'].$get({ param: { channelId } }));
}
