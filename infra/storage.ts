// The single DynamoDB table (DESIGN.md, "Data: one DynamoDB table"). Only the key attributes
// are declared: DynamoDB needs a type for every attribute used in an index and for nothing
// else. The item shapes live in packages/aws.
const isProduction = $app.stage === 'production';

export const table = new sst.aws.Dynamo('SccTable', {
  fields: {
    pk: 'string',
    sk: 'string',
    gsi1pk: 'string',
    gsi1sk: 'string',
  },
  primaryIndex: { hashKey: 'pk', rangeKey: 'sk' },
  globalIndexes: {
    // Look-ups by guest slug and by date. Projects every attribute (the SST default), so a
    // query on the index never needs a second read of the base item.
    gsi1: { hashKey: 'gsi1pk', rangeKey: 'gsi1sk' },
  },
  // A bad deploy that would replace the table (a key change) or a stray delete fails instead
  // of dropping the bookings. `removal: 'retain'` alone only covers `sst remove`.
  deletionProtection: isProduction,
  transform: {
    table: {
      // SST turns point-in-time recovery on for every table; say it explicitly for production
      // so a change of default cannot silently drop it, and skip its cost on throwaway stages.
      pointInTimeRecovery: { enabled: isProduction },
    },
  },
});
