import type { WebhookResponse, WebhookSender } from '@scc/core';
import type { AddressPolicy } from './address-policy';
import type { Resolver } from './guarded-lookup';
import { safePost } from './safe-request';

export const WEBHOOK_USER_AGENT = 'ShipCaptainCrew-webhooks/1';
/** Receivers are told to answer at once; anything they say beyond a short reply is ignored. */
export const WEBHOOK_RESPONSE_CAP = 64 * 1024;

export interface WebhookSenderOptions {
  /** DNS stand-in for tests; the system resolver otherwise. */
  resolve?: Resolver;
}

/**
 * Posts signed webhook bodies within the outbound-request rules of `policy` (public HTTPS only
 * in AWS). The answer's status is all the domain needs; a refused address, a timeout or a
 * network failure throws OutboundRequestError, which the delivery records as a failed attempt.
 */
export function createWebhookSender(policy: AddressPolicy, options: WebhookSenderOptions = {}): WebhookSender {
  return {
    async post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<WebhookResponse> {
      const { status } = await safePost(url, body, {
        policy,
        headers,
        userAgent: WEBHOOK_USER_AGENT,
        timeoutMs,
        maxBytes: WEBHOOK_RESPONSE_CAP,
        ...(options.resolve ? { resolve: options.resolve } : {}),
      });
      return { status };
    },
  };
}
