// S3 through @aws-sdk/client-s3 with no endpoint, region or keys of its own (motoc-run provides
// them), in a bucket another process made. Prints one JSON line of what it read back; the Python
// test judges it. argv: bucket, name of a bucket for this script to create, a file to upload as a
// stream, keys (JSON) the test wrote with odd characters.
import { createReadStream, statSync } from "node:fs";
import { createHash } from "node:crypto";
import {
  S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, HeadObjectCommand,
  ListObjectsV2Command, CreateMultipartUploadCommand, UploadPartCommand,
  CompleteMultipartUploadCommand,
} from "@aws-sdk/client-s3";

const [bucket, newBucket, file, oddKeysJson] = process.argv.slice(2);
const oddKeys = JSON.parse(oddKeysJson);
const s3 = new S3Client({ maxAttempts: 1 });
const out = {};

async function failure(command) {
  try {
    await s3.send(command);
    return null;
  } catch (err) {
    return { name: err.name, status: err.$metadata?.httpStatusCode ?? null };
  }
}

// The part the test computes too: byte i is i % 251.
const first = Buffer.alloc(5 * 1024 * 1024);
for (let i = 0; i < first.length; i++) first[i] = i % 251;
const second = Buffer.from("the last part");

await s3.send(new CreateBucketCommand({ Bucket: newBucket }));
const put = await s3.send(new PutObjectCommand({
  Bucket: bucket, Key: "greeting.txt", Body: "hello from node", ContentType: "text/plain",
}));
out.put = { etag: put.ETag, crc32: put.ChecksumCRC32 ?? null };
const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "from-python.txt" }));
out.fromPython = await got.Body.transformToString();
const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
out.keys = (listing.Contents ?? []).map((o) => o.Key);

const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "multipart.bin" }));
const parts = [];
for (const [i, body] of [first, second].entries()) {
  const part = await s3.send(new UploadPartCommand({
    Bucket: bucket, Key: "multipart.bin", UploadId: upload.UploadId, PartNumber: i + 1, Body: body,
  }));
  parts.push({ PartNumber: i + 1, ETag: part.ETag });
}
const done = await s3.send(new CompleteMultipartUploadCommand({
  Bucket: bucket, Key: "multipart.bin", UploadId: upload.UploadId, MultipartUpload: { Parts: parts },
}));
out.multipart = { etag: done.ETag, partEtags: parts.map((p) => p.ETag) };
const whole = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "multipart.bin" }));
const bytes = Buffer.from(await whole.Body.transformToByteArray());
out.multipart.length = bytes.length;
out.multipart.sha256 = createHash("sha256").update(bytes).digest("hex");

// Streamed bodies go out aws-chunked, the checksum in a trailer, whatever the algorithm.
out.streams = {};
for (const algorithm of ["CRC32", "CRC32C", "CRC64NVME", "SHA256"]) {
  const key = `stream-${algorithm}`;
  const put = await s3.send(new PutObjectCommand({
    Bucket: bucket, Key: key, Body: createReadStream(file), ContentLength: statSync(file).size,
    ChecksumAlgorithm: algorithm,
  }));
  // With ChecksumMode the SDK also checks the body it reads against the stored checksum.
  const back = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: "ENABLED" }));
  const bytes = Buffer.from(await back.Body.transformToByteArray());
  out.streams[algorithm] = {
    put: put[`Checksum${algorithm}`] ?? null, get: back[`Checksum${algorithm}`] ?? null,
    type: back.ChecksumType ?? null, sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}

// Keys with characters that each SDK escapes in its own way.
out.oddKeys = {};
for (const key of oddKeys) {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  out.oddKeys[key] = await got.Body.transformToString();
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `node/${key}`, Body: `node: ${key}` }));
}

out.errors = {
  getMissingKey: await failure(new GetObjectCommand({ Bucket: bucket, Key: "no-such-key" })),
  headMissingKey: await failure(new HeadObjectCommand({ Bucket: bucket, Key: "no-such-key" })),
  missingBucket: await failure(new ListObjectsV2Command({ Bucket: "zc-no-such-bucket" })),
};
process.stdout.write(`${JSON.stringify(out)}\n`);
