import { z } from 'zod';

/**
 * A multipart upload id as the storage service issues it: opaque printable ASCII (it goes into a signed request), at
 * most 1,024 characters. The one check of it, for the completeUpload action's input, the pending-upload record and
 * the S3 driver's arguments. Browser-safe.
 */
export const UPLOAD_ID_PATTERN = /^[\x21-\x7e]{1,1024}$/;

export const uploadIdSchema = z.string().regex(UPLOAD_ID_PATTERN, 'not an upload id');
