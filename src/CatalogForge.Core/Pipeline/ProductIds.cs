using System.Globalization;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Pipeline;

/// <summary>
/// Deterministic ids, so every retry and resume writes the same rows and blobs. (An item's own keys are
/// <see cref="JobItemEntity.PartitionFor"/> and <see cref="JobItemEntity.RowKeyFor"/>.)
/// </summary>
public static class ProductIds
{
    public static string ForItem(string jobId, int index) => $"{jobId}-{JobItemEntity.RowKeyFor(index)}";

    /// <summary>
    /// The workflow instance of one run of a job: round 0 is the first run, each retry of failed items is a new round
    /// and so a new instance with its own history (a memoised failure of an earlier round is never replayed).
    /// </summary>
    public static string JobInstanceId(string tenantId, string jobId, int round = 0) =>
        round == 0 ? $"{tenantId}|{jobId}" : $"{tenantId}|{jobId}|retry-{round.ToString(CultureInfo.InvariantCulture)}";
}
