// Secrets are set per stage with `sst secret set`, stored encrypted by SST, and reach the
// Lambda only through `link` (as `Resource.<Name>.value`), never through plain environment
// variables in the template. A secret without a placeholder must be set before the stage's
// first deploy: the deploy fails instead of running without it.

// Hex SHA-256 of the service key that integrations send as `X-Service-Key`. Only the hash is
// stored, so reading the deployed configuration never reveals a usable key. No placeholder:
// a deploy of a stage where it is unset fails instead of running with an open API.
//
// Set it (the raw key never leaves the shell that has it):
//   npx sst secret set ServiceKeyHash "$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)" --stage production
// `printf %s` rather than `echo`, so no trailing newline ends up inside the hash.
export const serviceKeyHash = new sst.Secret('ServiceKeyHash');

// The keys that sign and verify the crew's magic links (packages/api/src/magic-links.ts):
// comma-separated `kid:secret` pairs, each secret base64url of at least 32 random bytes. The
// first pair signs new links; every pair verifies. No placeholder: crew emails cannot be sent
// without it, so a deploy of a stage where it is unset fails.
//
// Generate one pair and set it:
//   KEY=$(node -e "console.log('k1:'+require('crypto').randomBytes(32).toString('base64url'))")
//   npx sst secret set MagicLinkKeys "$KEY" --stage production
//
// Rotate without breaking links already in inboxes: prepend a new pair (`k2:…,k1:…`) and
// deploy; new links are signed with k2 while k1 links still verify. Remove k1 once every link
// it signed has expired, i.e. 72 hours after the end of the last trip whose links were sent
// before the rotation. To revoke every link at once (a leaked key), replace the whole value.
// Secrets reach the function on deploy: run `npx sst deploy` after `sst secret set`.
export const magicLinkKeys = new sst.Secret('MagicLinkKeys');

// Google Calendar, optional. The placeholder `none` means "not configured": the Lambda then
// skips the calendar step of a booking and says so in the booking's step states, so a stage
// deploys and works without Google.
//
// The service account's JSON key file, whole (Google Cloud console: IAM > Service accounts >
// Keys > Add key > JSON), and the id of the calendar shared with that account's email
// ("Make changes to events"):
//   npx sst secret set GoogleServiceAccount "$(cat service-account.json)" --stage production
//   npx sst secret set GoogleCalendarId "abc123@group.calendar.google.com" --stage production
// Back to "not configured": `npx sst secret set GoogleServiceAccount none --stage …`.
export const googleServiceAccount = new sst.Secret('GoogleServiceAccount', 'none');
export const googleCalendarId = new sst.Secret('GoogleCalendarId', 'none');
