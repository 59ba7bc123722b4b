/** The two kinds of outgoing feed: a boat's busy time, a crew member's trips. */
export type FeedKind = 'boat' | 'crew';

/**
 * One feed. `id` is the feed's identity as keys and storage see it: a crew id as it is, a
 * boat's name trimmed and lower-cased (`feedIdOf`), so "JADA" and "jada " share one feed.
 */
export interface FeedRef {
  kind: FeedKind;
  id: string;
}

/** A feed whose key was rotated at least once; absent means generation 1. */
export interface FeedKeyRecord extends FeedRef {
  /** How the feed is shown: the boat's name as written when the key was rotated. */
  name: string;
  generation: number;
  rotatedAt: string;
}

/** Where each feed's key generation is kept; rotating moves it on, which cuts off the old URL. */
export interface FeedKeyRepository {
  get(feed: FeedRef): Promise<FeedKeyRecord | undefined>;
  /** Moves the generation on by one (from 1 when absent) and answers the stored record. */
  rotate(feed: FeedRef, name: string, now: Date): Promise<FeedKeyRecord>;
  /** Every feed that was ever rotated. */
  list(): Promise<FeedKeyRecord[]>;
}

/**
 * Feed keys: derived, never stored. `keyFor` issues the key of one generation; `matches`
 * checks a presented key in constant time (and may accept keys of a previous secret).
 */
export interface FeedKeySigner {
  keyFor(feed: FeedRef, generation: number): string;
  matches(feed: FeedRef, generation: number, key: string): boolean;
}

export const feedIdOf = (kind: FeedKind, name: string): string =>
  kind === 'boat' ? name.trim().toLowerCase() : name;
