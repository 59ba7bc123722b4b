// The resources infra/api.ts links to the API function. `sst dev`/`sst deploy` generate the
// same shape into sst-env.d.ts; declaring it here keeps the handler typechecked offline.
import 'sst/resource';

declare module 'sst/resource' {
  export interface Resource {
    SccTable: { name: string; type: 'sst.aws.Dynamo' };
    SccMedia: { name: string; type: 'sst.aws.Bucket' };
    SccEmail: { sender: string; configSet: string; type: 'sst.aws.Email' };
    ServiceKeyHash: { value: string; type: 'sst.sst.Secret' };
    MagicLinkKeys: { value: string; type: 'sst.sst.Secret' };
    GoogleServiceAccount: { value: string; type: 'sst.sst.Secret' };
    GoogleCalendarId: { value: string; type: 'sst.sst.Secret' };
  }
}
