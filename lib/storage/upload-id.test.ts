import { describe, expect, it } from 'vitest';
import { StorageError } from './errors';
import { assertUploadId } from './server/validate';
import { uploadIdSchema } from './upload-id';

// One check of a multipart upload id: the completeUpload action's input, the stored pending-upload record and the S3
// driver's arguments all refuse the same values.
describe('upload ids', () => {
  it('accept what S3 issues', () => {
    const id = 'VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA.-_~';
    expect(uploadIdSchema.safeParse(id).success).toBe(true);
    expect(() => assertUploadId({ uploadId: id })).not.toThrow();
  });

  it('refuse what could not go into a signed request, in the schema and in the driver alike', () => {
    for (const forged of ['', 'with space', 'line\nbreak', 'é', 'x'.repeat(1025)]) {
      expect(uploadIdSchema.safeParse(forged).error?.issues[0]?.message).toBe('not an upload id');
      expect(() => assertUploadId({ uploadId: forged })).toThrow(StorageError);
    }
  });
});
