// TaskStartFunction's peer: GET /v1/start/{tool} (the token, the rate count, the month's allowance, the new task).
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { countRequest, dynamo, invoke, newId, ok, verify } from './common.mjs';

export const handler = async (event) => {
  const { project } = await verify(event);
  await countRequest(project);
  const tool = event.pathParameters?.tool;
  const table = process.env.TASKS_TABLE;
  const pid = project.project_id;
  const now = Date.now();
  const { Item: month } = await dynamo.send(new GetCommand({ TableName: table, ConsistentRead: true,
    Key: { pk: `P#${pid}#MONTHS`, sk: `M#${new Date(now).toISOString().slice(0, 7)}` } }));
  const remaining = Number(project.monthly_files ?? process.env.TASK_MONTHLY_FILES) - Number(month?.files ?? 0);
  const task = newId();
  const server = event.headers.host;
  await dynamo.send(new PutCommand({ TableName: table, ConditionExpression: 'attribute_not_exists(pk)', Item: {
    pk: `P#${pid}#T#${task}`, sk: 'TASK', task_id: task, project_id: pid, tool, server, status: 'TaskWaiting',
    open: false, file_count: 0, files_total: 0, files_done: 0, created: now, updated: now,
    list_pk: `P#${pid}#TASKS`, list_sk: `${now}#${task}`,
    expires_at: Math.floor(now / 1000) + Number(process.env.TASK_LIFETIME_SECONDS) } }));
  return ok(200, { task, server, remaining_files: remaining });
};

await invoke(handler);
