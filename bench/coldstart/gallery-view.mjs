// GalleryViewFunction's peer: GET /v1/galleries/{name} (the token, the rate count, the gallery's items in one Query).
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { countRequest, dynamo, fail, invoke, ok, verify } from './common.mjs';

export const handler = async (event) => {
  const { project } = await verify(event);
  await countRequest(project);
  const name = event.pathParameters?.name ?? fail(400, 'bad_parameter_name', 'name is required');
  const { Items: items } = await dynamo.send(new QueryCommand({
    TableName: process.env.GALLERIES_TABLE, ConsistentRead: true, KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `P#${project.project_id}#G#${name}` } }));
  const gallery = items.find((i) => i.sk === 'GALLERY') ?? fail(404, 'gallery_not_found', 'No such gallery');
  const views = Number(items.find((i) => i.sk === 'VIEWS')?.views ?? 0);
  return ok(200, { name, title: gallery.title, description: gallery.description ?? '', owner: gallery.owner_id,
                   views, images: gallery.images ?? [] });
};

await invoke(handler);
