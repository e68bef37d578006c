import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { StreamRecord } from '../../entrypoints/lambda-publisher.js';

/**
 * What Lambda's event source mapping does for the publisher, locally: reads a table's stream, every
 * shard from its start (TRIM_HORIZON) to where it is now, and hands the records over in Lambda's
 * shape. Reading again from the start is a replay.
 */
export async function readStreamFromStart(
  db: DynamoDBClient,
  streams: DynamoDBStreamsClient,
  table: string,
): Promise<StreamRecord[]> {
  const described = await db.send(new DescribeTableCommand({ TableName: table }));
  const streamArn = described.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${table} has no stream`);
  const stream = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const records: StreamRecord[] = [];
  for (const shard of stream.StreamDescription?.Shards ?? []) {
    const start = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    let iterator = start.ShardIterator;
    // An open shard always hands back a next iterator: stop at the first empty read.
    for (let reads = 0; iterator && reads < 1000; reads++) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      const got = (out.Records ?? []) as StreamRecord[];
      records.push(...got);
      if (got.length === 0) break;
      iterator = out.NextShardIterator;
    }
  }
  return records;
}
