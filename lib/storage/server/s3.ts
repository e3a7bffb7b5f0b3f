import 'server-only';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { StorageError } from '../errors';
import { nameOf, statusOf, wrapS3Error } from './s3-errors';
import { DEFAULT_MIN_PART_BYTES, planS3Upload } from './s3-upload';
import { assertValidDeletePrefix, assertValidKey, assertValidPrefix } from './keys';
import type { CompletedPart, DownloadUrl, ObjectInfo, ObjectPage, StorageDriver } from '../types';
import { assertContentType, assertReadableRange, assertUploadId, assertUploadSize, clampListLimit, MAX_READ_BYTES, normaliseCompletedParts } from './validate';

/**
 * Any S3-compatible service (AWS, MinIO, R2, s3rver in tests). The browser talks to the bucket directly through
 * presigned URLs; the server only signs, lists, reads heads and deletes. The bucket needs CORS for the app's origin
 * (PUT, GET, HEAD; allowed headers content-type and range; exposed header ETag, which multipart uploads read).
 */
export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** Custom endpoint (MinIO, R2, loopback); default AWS. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** Prepended to every key (e.g. `team-a/`); keys given to and returned by the driver never include it. */
  prefix: string;
  /** Uploads of at least this many bytes are planned as multipart. */
  multipartThresholdBytes: number;
  /** Smallest part of a multipart plan; raised as needed to stay within 10,000 parts. Default 8 MiB, min 5 MiB. */
  minPartSizeBytes?: number;
  uploadUrlExpirySeconds: number;
  downloadUrlExpirySeconds: number;
  maxUploadBytes: number;
  /** Explicit credentials (tests); default: the AWS SDK's default provider chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export class S3StorageDriver implements StorageDriver {
  readonly kind = 's3';
  readonly client: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    assertValidPrefix({ prefix: options.prefix });
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // The SDK's default flexible checksums put an empty-body checksum into presigned PUT URLs and break uploads
      // to several S3-compatible servers (NOTES: s3rver quirk 3); checksums only where the API requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private fullKey(key: string): string {
    assertValidKey({ key });
    return this.options.prefix + key;
  }

  async putObject({ key, body, contentType }: { key: string; body: Uint8Array | string; contentType?: string }) {
    const Key = this.fullKey(key);
    if (contentType !== undefined) assertContentType({ contentType });
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key, Body: body, ContentType: contentType }));
    } catch (error) {
      throw wrapS3Error(error, `PutObject ${key}`);
    }
  }

  async getObject({ key }: { key: string }): Promise<Uint8Array | null> {
    const Key = this.fullKey(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key }));
      if ((response.ContentLength ?? 0) > MAX_READ_BYTES) {
        await response.Body?.transformToWebStream().cancel();
        throw new StorageError({
          code: 'too_large',
          message: `${key} is ${response.ContentLength} bytes; getObject reads at most ${MAX_READ_BYTES} (use getRange or a download URL)`,
        });
      }
      return response.Body ? await response.Body.transformToByteArray() : new Uint8Array(0);
    } catch (error) {
      // Only a missing key is "absent"; a missing bucket (also 404) is a configuration error and must surface.
      if (nameOf(error) === 'NoSuchKey') return null;
      throw wrapS3Error(error, `GetObject ${key}`);
    }
  }

  async getRange({ key, start, end }: { key: string; start: number; end: number }): Promise<Uint8Array> {
    const Key = this.fullKey(key);
    assertReadableRange({ start, end });
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key, Range: `bytes=${start}-${end}` }));
      return response.Body ? await response.Body.transformToByteArray() : new Uint8Array(0);
    } catch (error) {
      if (nameOf(error) === 'NoSuchKey') throw new StorageError({ code: 'not_found', message: `No object at ${key}` });
      // 416 means the object exists but starts before `start`: the contract clips that to empty.
      if (nameOf(error) === 'InvalidRange' || statusOf(error) === 416) return new Uint8Array(0);
      throw wrapS3Error(error, `GetObject ${key} bytes=${start}-${end}`);
    }
  }

  async headObject({ key }: { key: string }): Promise<ObjectInfo | null> {
    const Key = this.fullKey(key);
    try {
      const response = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key }));
      return {
        key,
        size: response.ContentLength ?? 0,
        lastModified: response.LastModified ?? new Date(0),
        contentType: response.ContentType,
        ...(response.ETag ? { etag: response.ETag } : {}),
      };
    } catch (error) {
      // HEAD responses have no body, so the SDK can only report a bare 404 ('NotFound').
      if (statusOf(error) === 404 || nameOf(error) === 'NotFound') return null;
      throw wrapS3Error(error, `HeadObject ${key}`);
    }
  }

  async listObjects({ prefix, cursor, limit }: { prefix: string; cursor?: string; limit?: number }): Promise<ObjectPage> {
    assertValidPrefix({ prefix });
    const root = this.options.prefix;
    try {
      const response = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: root + prefix,
          ContinuationToken: cursor,
          MaxKeys: clampListLimit({ limit }),
        }),
      );
      const objects: ObjectInfo[] = (response.Contents ?? []).flatMap((item) =>
        item.Key?.startsWith(root) ? [{ key: item.Key.slice(root.length), size: item.Size ?? 0, lastModified: item.LastModified ?? new Date(0) }] : [],
      );
      const next = response.IsTruncated ? response.NextContinuationToken : undefined;
      return next ? { objects, nextCursor: next } : { objects };
    } catch (error) {
      throw wrapS3Error(error, `ListObjectsV2 ${prefix}`);
    }
  }

  async deleteObject({ key }: { key: string }): Promise<void> {
    const Key = this.fullKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key }));
    } catch (error) {
      // S3 answers 204 for an absent key; anything else (NoSuchBucket, AccessDenied) is a real failure.
      throw wrapS3Error(error, `DeleteObject ${key}`);
    }
  }

  async deletePrefix({ prefix }: { prefix: string }): Promise<void> {
    assertValidDeletePrefix({ prefix });
    // Deleting while listing would shift the continuation point; each round lists from the start instead.
    let previousFirst: string | undefined;
    for (;;) {
      const page = await this.listObjects({ prefix });
      const first = page.objects[0]?.key;
      if (first === undefined) return;
      // A service that acknowledges deletes without doing them would otherwise loop forever.
      if (first === previousFirst) {
        throw new StorageError({ code: 'backend', message: `S3 did not delete ${first} while deleting ${prefix}` });
      }
      previousFirst = first;
      try {
        const response = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.options.bucket,
            Delete: { Objects: page.objects.map((object) => ({ Key: this.options.prefix + object.key })), Quiet: true },
          }),
        );
        const failed = response.Errors?.[0];
        if (failed) throw new Error(`${failed.Key}: ${failed.Code} ${failed.Message}`);
      } catch (error) {
        throw wrapS3Error(error, `DeleteObjects under ${prefix}`);
      }
    }
  }

  async createUpload({ key, contentType, contentLength }: { key: string; contentType: string; contentLength: number }) {
    const fullKey = this.fullKey(key);
    assertContentType({ contentType });
    assertUploadSize({ contentLength, maxUploadBytes: this.options.maxUploadBytes });
    try {
      return await planS3Upload({
        client: this.client,
        bucket: this.options.bucket,
        fullKey,
        contentType,
        contentLength,
        multipartThresholdBytes: this.options.multipartThresholdBytes,
        minPartSizeBytes: this.options.minPartSizeBytes ?? DEFAULT_MIN_PART_BYTES,
        expiresIn: this.options.uploadUrlExpirySeconds,
      });
    } catch (error) {
      throw wrapS3Error(error, `planning the upload of ${key}`);
    }
  }

  async completeUpload({ key, uploadId, parts }: { key: string; uploadId: string; parts: CompletedPart[] }) {
    const Key = this.fullKey(key);
    assertUploadId({ uploadId });
    const sorted = normaliseCompletedParts({ parts });
    try {
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.options.bucket,
          Key,
          UploadId: uploadId,
          MultipartUpload: { Parts: sorted.map(({ partNumber, etag }) => ({ PartNumber: partNumber, ETag: etag })) },
        }),
      );
    } catch (error) {
      if (nameOf(error) === 'NoSuchUpload') {
        throw new StorageError({ code: 'not_found', message: `No multipart upload ${uploadId} for ${key}`, cause: error });
      }
      if (nameOf(error) === 'InvalidPart' || nameOf(error) === 'InvalidPartOrder' || nameOf(error) === 'EntityTooSmall') {
        throw new StorageError({ code: 'invalid_argument', message: `S3 refused the parts of ${key}: ${nameOf(error)}`, cause: error });
      }
      throw wrapS3Error(error, `CompleteMultipartUpload ${key}`);
    }
  }

  async abortUpload({ key, uploadId }: { key: string; uploadId: string }): Promise<void> {
    const Key = this.fullKey(key);
    assertUploadId({ uploadId });
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.options.bucket, Key, UploadId: uploadId }));
    } catch (error) {
      if (nameOf(error) === 'NoSuchUpload') return;
      throw wrapS3Error(error, `AbortMultipartUpload ${key}`);
    }
  }

  async createDownloadUrl({ key }: { key: string }): Promise<DownloadUrl> {
    const Key = this.fullKey(key);
    const expiresIn = this.options.downloadUrlExpirySeconds;
    const expiresAt = new Date(Date.now() + expiresIn * 1000).toISOString();
    try {
      const url = await getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.options.bucket, Key }), { expiresIn });
      return { url, expiresAt };
    } catch (error) {
      throw wrapS3Error(error, `presigning GET ${key}`);
    }
  }
}

export function createS3Storage(options: S3StorageOptions): S3StorageDriver {
  return new S3StorageDriver(options);
}
