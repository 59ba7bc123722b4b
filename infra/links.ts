// What linking a table, bucket or email component gives the function: its name (read as
// `Resource.<Name>` by packages/api/src/aws-outside.ts) and no permissions. SST's own links
// grant dynamodb:*, s3:* and ses:* on them; the function's policy is stated instead, action by
// action, in infra/permissions.ts (and asserted by its test).
//
// `sst.Linkable.wrap` replaces the link of every component of that class in this app (there
// is one of each). It must run before the components are created: SST records each
// component's link when it is created (the LinkRef that `sst shell` and `sst dev` read).
sst.Linkable.wrap(sst.aws.Dynamo, (table) => ({ properties: { name: table.name } }));
sst.Linkable.wrap(sst.aws.Bucket, (bucket) => ({ properties: { name: bucket.name } }));
sst.Linkable.wrap(sst.aws.Email, (email) => ({
  properties: { sender: email.sender, configSet: email.configSet },
}));

export {};
