using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// Group commit for upserts: writes to one partition that arrive while a write to it is in flight are queued and
/// sent together as one entity-group transaction (up to 100 entities / ~3 MB). Every caller still awaits its own
/// entity being durable, so memo-before-return holds; under load this turns N round trips into N/batch.
/// </summary>
internal sealed class TableUpsertBatcher(TableClient table, ILogger logger)
{
    private const int MaxBatchCount = 100;

    // The transaction payload cap is 4 MiB; strings travel as UTF-16-sized JSON at worst, so stay well under it.
    private const int MaxBatchChars = 1_500_000;

    private readonly ConcurrentDictionary<string, PartitionQueue> _partitions = new(StringComparer.Ordinal);

    /// <param name="approximateChars">Size hint (the entity's string lengths), used to keep batches under the payload cap.</param>
    public Task UpsertAsync(TableEntity entity, int approximateChars)
    {
        var pending = new PendingUpsert(entity, approximateChars);
        var queue = _partitions.GetOrAdd(entity.PartitionKey, static _ => new PartitionQueue());
        bool startFlush;
        lock (queue)
        {
            queue.Items.Enqueue(pending);
            startFlush = !queue.Flushing;
            queue.Flushing = true;
        }

        if (startFlush)
        {
            _ = Task.Run(() => FlushAsync(entity.PartitionKey, queue));
        }

        return pending.Done.Task;
    }

    private async Task FlushAsync(string partitionKey, PartitionQueue queue)
    {
        while (true)
        {
            List<PendingUpsert> batch;
            lock (queue)
            {
                if (queue.Items.Count == 0)
                {
                    queue.Flushing = false;
                    _partitions.TryRemove(KeyValuePair.Create(partitionKey, queue));
                    return;
                }

                batch = TakeBatch(queue.Items);
            }

            await WriteAsync(batch);
        }
    }

    private static List<PendingUpsert> TakeBatch(Queue<PendingUpsert> items)
    {
        var batch = new List<PendingUpsert>();
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        var chars = 0;
        while (items.TryPeek(out var next) &&
               batch.Count < MaxBatchCount &&
               (batch.Count == 0 || chars + next.ApproximateChars <= MaxBatchChars) &&
               rowKeys.Add(next.Entity.RowKey))
        {
            batch.Add(items.Dequeue());
            chars += next.ApproximateChars;
        }

        return batch;
    }

    private async Task WriteAsync(List<PendingUpsert> batch)
    {
        if (batch.Count == 1)
        {
            await WriteOneAsync(batch[0]);
            return;
        }

        try
        {
            await table.SubmitTransactionAsync(
                batch.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, p.Entity)));
            foreach (var pending in batch)
            {
                pending.Done.TrySetResult();
            }
        }
        catch (Exception ex)
        {
            // A transaction fails as a whole; write one by one so each caller gets its own outcome.
            logger.LogWarning(
                ex, "Batched write of {Count} entities to {Table} failed; writing them one by one", batch.Count, table.Name);
            await Task.WhenAll(batch.Select(WriteOneAsync));
        }
    }

    private async Task WriteOneAsync(PendingUpsert pending)
    {
        try
        {
            await table.UpsertEntityAsync(pending.Entity, TableUpdateMode.Replace);
            pending.Done.TrySetResult();
        }
        catch (Exception ex)
        {
            pending.Done.TrySetException(ex);
        }
    }

    private sealed class PartitionQueue
    {
        public Queue<PendingUpsert> Items { get; } = new();

        public bool Flushing { get; set; }
    }

    private sealed class PendingUpsert(TableEntity entity, int approximateChars)
    {
        public TableEntity Entity { get; } = entity;

        public int ApproximateChars { get; } = approximateChars;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
