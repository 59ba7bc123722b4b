// The resources infra/api.ts links to the API function. `sst dev`/`sst deploy` generate the
// same shape into sst-env.d.ts; declaring it here keeps the handler typechecked offline.
import 'sst/resource';

declare module 'sst/resource' {
  export interface Resource {
    SccTable: { name: string; type: 'sst.aws.Dynamo' };
    ServiceKeyHash: { value: string; type: 'sst.sst.Secret' };
  }
}
