import 'server-only';
import { CreateMultipartUploadCommand, PutObjectCommand, type S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { UploadPlan } from '../types';

/** Planning browser uploads to S3: one presigned PUT, or a multipart upload with one presigned URL per part. */

const MIB = 1024 * 1024;
// S3's own multipart limits.
const S3_MIN_PART_BYTES = 5 * MIB;
const S3_MAX_PARTS = 10_000;
/** Default smallest part: fewer URLs to sign and hand out than S3's 5 MiB minimum, still fine-grained retries. */
export const DEFAULT_MIN_PART_BYTES = 8 * MIB;

/** Part size for `contentLength` bytes: at least the minimum, and big enough for at most 10,000 parts (whole MiB). */
export function choosePartSize({ contentLength, minPartSize }: { contentLength: number; minPartSize: number }): number {
  const floor = Math.max(minPartSize, S3_MIN_PART_BYTES);
  const needed = Math.ceil(contentLength / S3_MAX_PARTS / MIB) * MIB;
  return Math.max(floor, needed);
}

/**
 * Presigned PUT (object or part). Signing the length means S3 refuses a body of another size than planned, so
 * MAX_UPLOAD_MB holds at the bucket. The presigner leaves content-type unsigned by default; whole-object PUTs sign
 * it (the plan tells the browser to send it), parts must not: a browser sends a File slice with no Content-Type.
 */
function presignPut({ client, command, expiresIn }: { client: S3Client; command: PutObjectCommand | UploadPartCommand; expiresIn: number }): Promise<string> {
  // Two calls only because getSignedUrl's generics cannot take a union of commands.
  return command instanceof PutObjectCommand
    ? getSignedUrl(client, command, { expiresIn, signableHeaders: new Set(['content-type', 'content-length']) })
    : getSignedUrl(client, command, { expiresIn, signableHeaders: new Set(['content-length']) });
}

/** Arguments are already validated by the driver; `fullKey` includes the configured key prefix. */
export async function planS3Upload({
  client,
  bucket,
  fullKey,
  contentType,
  contentLength,
  multipartThresholdBytes,
  minPartSizeBytes,
  expiresIn,
}: {
  client: S3Client;
  bucket: string;
  fullKey: string;
  contentType: string;
  contentLength: number;
  multipartThresholdBytes: number;
  minPartSizeBytes: number;
  expiresIn: number;
}): Promise<UploadPlan> {
  const expiresAt = new Date(Date.now() + expiresIn * 1000).toISOString();
  if (contentLength < multipartThresholdBytes) {
    const command = new PutObjectCommand({ Bucket: bucket, Key: fullKey, ContentType: contentType, ContentLength: contentLength });
    const url = await presignPut({ client, command, expiresIn });
    return { kind: 'single', url, method: 'PUT', headers: { 'Content-Type': contentType }, expiresAt };
  }
  const partSize = choosePartSize({ contentLength, minPartSize: minPartSizeBytes });
  // The content type is fixed here, at creation; the parts carry none.
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: fullKey, ContentType: contentType }));
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error('CreateMultipartUpload returned no UploadId');
  const count = Math.max(1, Math.ceil(contentLength / partSize));
  const parts = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const partNumber = index + 1;
      const length = Math.min(partSize, contentLength - index * partSize);
      const command = new UploadPartCommand({ Bucket: bucket, Key: fullKey, UploadId: uploadId, PartNumber: partNumber, ContentLength: length });
      return { partNumber, url: await presignPut({ client, command, expiresIn }) };
    }),
  );
  return { kind: 'multipart', uploadId, partSize, parts, expiresAt };
}
