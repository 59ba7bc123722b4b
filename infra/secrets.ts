// Secrets are set per stage with `sst secret set`, stored encrypted by SST, and reach the
// Lambda only through `link` (as `Resource.<Name>.value`), never through plain environment
// variables in the template.

// Hex SHA-256 of the service key that integrations send as `X-Service-Key`. Only the hash is
// stored, so reading the deployed configuration never reveals a usable key. No placeholder:
// a deploy of a stage where it is unset fails instead of running with an open API.
//
// Set it (the raw key never leaves the shell that has it):
//   npx sst secret set ServiceKeyHash "$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)" --stage production
// `printf %s` rather than `echo`, so no trailing newline ends up inside the hash.
export const serviceKeyHash = new sst.Secret('ServiceKeyHash');
