import type { OutboxEvent } from '@scc/core';
import { startTestTable, type TestTable } from '@scc/test/support';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOutboxRepository, MARKER_KEEP_MS } from './outbox-store';

let table: TestTable;
let now = new Date('2027-01-01T00:00:00Z');
let outbox: DynamoOutboxRepository;

beforeAll(async () => {
  table = await startTestTable();
  outbox = new DynamoOutboxRepository(table.db, table.tableName, () => now);
});
afterAll(() => table.stop());

const event = (eventId: string): OutboxEvent => ({ eventId, type: 'booking.changed', at: now.toISOString(), data: { version: 1 } });

/** What a booking write does: append to the item's outbox, after its marker. */
async function append(pk: string, events: OutboxEvent[]) {
  await outbox.mark({ pk, sk: 'BOOKING' });
  await table.db.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: { pk, sk: 'BOOKING' },
      UpdateExpression: 'SET outbox = list_append(if_not_exists(outbox, :none), :events)',
      ExpressionAttributeValues: { ':none': [], ':events': events },
    }),
  );
}

describe('DynamoOutboxRepository', () => {
  it('finds marked outboxes, reads their events in order, and takes only what was read', async () => {
    await append('BOOKING#a', [event('msg_1'), event('msg_2')]);
    const [ref] = await outbox.pending(10);
    expect(ref).toMatchObject({ pk: 'BOOKING#a', sk: 'BOOKING' });
    const read = await outbox.read(ref!);
    expect(read.map((e) => e.eventId)).toEqual(['msg_1', 'msg_2']);
    // Appended after the read: stays for the next relay.
    await append('BOOKING#a', [event('msg_3')]);
    await outbox.take(ref!, read);
    expect((await outbox.read(ref!)).map((e) => e.eventId)).toEqual(['msg_3']);
    // Taking what another relay already took does nothing.
    await outbox.take(ref!, read);
    expect((await outbox.read(ref!)).map((e) => e.eventId)).toEqual(['msg_3']);
  });

  it('keeps a marker for an hour after its last write, then drops it once the outbox is empty', async () => {
    await append('BOOKING#b', [event('msg_b1')]);
    const ref = (await outbox.pending(10)).find((r) => r.pk === 'BOOKING#b')!;
    await outbox.take(ref, await outbox.read(ref));
    expect((await outbox.pending(10)).some((r) => r.pk === 'BOOKING#b')).toBe(true);

    now = new Date(now.getTime() + MARKER_KEEP_MS + 1);
    const later = (await outbox.pending(10)).find((r) => r.pk === 'BOOKING#b')!;
    await outbox.take(later, []);
    expect((await outbox.pending(10)).some((r) => r.pk === 'BOOKING#b')).toBe(false);
  });

  it('a marker written again meanwhile is not dropped', async () => {
    await append('BOOKING#c', [event('msg_c1')]);
    const stale = (await outbox.pending(10)).find((r) => r.pk === 'BOOKING#c')!;
    await outbox.take(stale, await outbox.read(stale));
    now = new Date(now.getTime() + MARKER_KEEP_MS + 1);
    await outbox.mark({ pk: 'BOOKING#c', sk: 'BOOKING' });
    await outbox.take(stale, []);
    expect((await outbox.pending(10)).some((r) => r.pk === 'BOOKING#c')).toBe(true);
  });
});
