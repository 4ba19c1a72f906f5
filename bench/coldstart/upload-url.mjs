// ImageUploadUrlFunction's peer: POST /v1/uploads/url (the token, the rate count, the pending image and its expiry in
// one transaction, a presigned S3 PUT bound to the declared length, MD5 and type).
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { clientConfig, countRequest, dynamo, fail, invoke, newId, ok, verify } from './common.mjs';

const s3 = new S3Client({ ...clientConfig(process.env.AWS_ENDPOINT_URL_S3), forcePathStyle: true });

export const handler = async (event) => {
  const { project } = await verify(event);
  await countRequest(project);
  const body = JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body);
  const size = Number.parseInt(body.size, 10);
  if (!Number.isFinite(size)) fail(400, 'bad_parameter_size', 'size is required');
  if (!/^[0-9a-f]{32}$/.test(body.md5 ?? '')) fail(400, 'bad_parameter_md5', 'md5 is 32 hex digits');
  const name = body.file_name;
  const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  const pid = project.project_id;
  const id = newId();
  const key = `originals/${pid}/${id}/${name}`;
  const now = new Date();
  const seconds = Number(process.env.UPLOAD_URL_SECONDS);
  const table = process.env.IMAGES_TABLE;
  const pk = `P#${pid}#I#${id}`;
  await dynamo.send(new TransactWriteCommand({ TransactItems: [
    { Put: { TableName: table, ConditionExpression: 'attribute_not_exists(pk)', Item: {
      pk, sk: 'IMAGE', image_id: id, project_id: pid, file_name: name, extension, object_key: key,
      file_size: size, md5: body.md5, status: 'PENDING', description: body.description ?? '', version: 1,
      width: 0, height: 0, pages: 0, gps_public: false, created: now.toISOString(), modified: now.toISOString(),
      created_by_id: 'project', created_by_name: 'project', modified_by_id: 'project', modified_by_name: 'project' } } },
    { Put: { TableName: table, Item: { pk, sk: 'UPLOAD_EXPIRY', image_id: id, project_id: pid,
      expires_at: Math.floor(now / 1000) + 2 * seconds } } } ] }));
  const md5 = Buffer.from(body.md5, 'hex').toString('base64');
  const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: process.env.IMAGE_BUCKET, Key: key,
    ContentLength: size, ContentMD5: md5, ContentType: 'image/jpeg' }), { expiresIn: seconds });
  return ok(201, { image_id: id, status: 'pending', upload_url: url, method: 'PUT',
    headers: { 'Content-MD5': md5, 'Content-Type': 'image/jpeg' },
    expires_at: new Date(now.getTime() + seconds * 1000).toISOString(),
    status_url: `${process.env.PUBLIC_BASE_URL}/v1/images/${id}` });
};

await invoke(handler);
