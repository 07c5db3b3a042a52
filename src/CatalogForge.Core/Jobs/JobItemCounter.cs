using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Jobs;

public sealed record ItemTally(
    int Total, int Pending, int Succeeded, int Failed, int Cancelled,
    long CostMicroUsd, long InputTokens, long OutputTokens, IReadOnlyList<ErrorSummary> Errors);

/// <summary>Counts a job's items by status from <c>JobItems</c> — the source of truth the job counters are derived from.</summary>
public sealed class JobItemCounter(CatalogTables tables)
{
    private static readonly string[] Columns =
    [
        nameof(JobItemEntity.Status), nameof(JobItemEntity.ErrorClass), nameof(JobItemEntity.ErrorMessage),
        nameof(JobItemEntity.CostMicroUsd), nameof(JobItemEntity.InputTokens), nameof(JobItemEntity.OutputTokens),
    ];

    public async Task<ItemTally> CountAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        int total = 0, pending = 0, succeeded = 0, failed = 0, cancelled = 0;
        long cost = 0, input = 0, output = 0;
        var errors = new Dictionary<ErrorClass, (int Count, string Sample)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {JobItemEntity.PartitionFor(tenantId, jobId)}");
        await foreach (var row in tables.JobItems.QueryAsync<JobItemEntity>(filter, select: Columns, cancellationToken: cancellationToken))
        {
            total++;
            cost += row.CostMicroUsd;
            input += row.InputTokens;
            output += row.OutputTokens;
            switch (row.ItemStatus)
            {
                case ItemStatus.Pending: pending++; break;
                case ItemStatus.Succeeded: succeeded++; break;
                case ItemStatus.Cancelled: cancelled++; break;
                case ItemStatus.Failed:
                    failed++;
                    var errorClass = Enum.TryParse<ErrorClass>(row.ErrorClass, out var parsed) ? parsed : ErrorClass.Unknown;
                    errors[errorClass] = errors.TryGetValue(errorClass, out var seen)
                        ? (seen.Count + 1, seen.Sample)
                        : (1, row.ErrorMessage ?? "");
                    break;
            }
        }

        var summary = errors.OrderByDescending(e => e.Value.Count)
            .Select(e => new ErrorSummary(e.Key, e.Value.Count, e.Value.Sample)).ToList();
        return new ItemTally(total, pending, succeeded, failed, cancelled, cost, input, output, summary);
    }
}
