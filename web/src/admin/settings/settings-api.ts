import type { InferRequestType, InferResponseType } from 'hono/client';
import type { ApiClient } from '../../api-client';
import { data } from '../session';
import type { Ctx } from '../ui';

type SettingsRoutes = ApiClient['settings'];

/** Every setting as the API reads it back: each section complete, defaults filled in. */
export type OperatorSettings = InferResponseType<SettingsRoutes['$get'], 200>;
export type SettingsPatch = InferRequestType<SettingsRoutes['$patch']>['json'];

export function getSettings(ctx: Ctx): Promise<OperatorSettings> {
  return data(ctx.api.settings.$get());
}

/** Each section sent replaces the keys it names; sections left out stay as they are. */
export function patchSettings(ctx: Ctx, json: SettingsPatch): Promise<OperatorSettings> {
  return data(ctx.api.settings.$patch({ json }));
}

/** The whole settings at once: the only way to take an optional value (a phone number) away. */
export function putSettings(ctx: Ctx, json: SettingsPatch): Promise<OperatorSettings> {
  return data(ctx.api.settings.$put({ json }));
}
