import * as z from 'zod';
import { idSchema } from '../ids';

const nameSchema = z.string().trim().min(1, 'Name is required').max(100);
const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ().-]{5,24}$/, 'Use a phone number such as +16195550101');

export const crewCreateSchema = z.strictObject({
  crewId: idSchema.optional(),
  name: nameSchema,
  email: z.email('Use a valid email address'),
  phone: phoneSchema.optional(),
});
export type CrewCreateInput = z.infer<typeof crewCreateSchema>;

export const crewPatchSchema = z
  .strictObject({
    name: nameSchema.optional(),
    email: z.email('Use a valid email address').optional(),
    /** `null` removes the phone number. */
    phone: phoneSchema.nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { error: 'Send at least one field to change' });
export type CrewPatchInput = z.infer<typeof crewPatchSchema>;

export interface CrewMember {
  crewId: string;
  name: string;
  email: string;
  phone?: string;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}
