using System.Globalization;

namespace CatalogForge.Core.Pipeline;

/// <summary>Deterministic ids and keys, so every retry and resume writes the same rows and blobs.</summary>
public static class ProductIds
{
    public static string ForItem(string jobId, int index) => $"{jobId}-{ItemKey(index)}";

    public static string ItemKey(int index) => index.ToString("D6", CultureInfo.InvariantCulture);

    public static string ItemPartition(string tenantId, string jobId) => $"{tenantId}|{jobId}";

    /// <summary>
    /// The workflow instance of one run of a job: round 0 is the first run, each retry of failed items is a new round
    /// and so a new instance with its own history (a memoised failure of an earlier round is never replayed).
    /// </summary>
    public static string JobInstanceId(string tenantId, string jobId, int round = 0) =>
        round == 0 ? $"{tenantId}|{jobId}" : $"{tenantId}|{jobId}|retry-{round.ToString(CultureInfo.InvariantCulture)}";
}
