using Azure.Data.Tables;

namespace CatalogForge.Core.Storage;

public static class TableBatches
{
    /// <summary>Azure Tables accepts at most 100 operations per transaction, all in one partition.</summary>
    public const int MaxBatchSize = 100;

    public static async Task UpsertAllAsync<T>(this TableClient table, IEnumerable<T> entities, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        foreach (var partition in entities.GroupBy(e => e.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(MaxBatchSize))
            {
                var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
                await table.SubmitTransactionAsync(actions, cancellationToken);
            }
        }
    }
}
