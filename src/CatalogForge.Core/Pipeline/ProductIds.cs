using System.Globalization;

namespace CatalogForge.Core.Pipeline;

/// <summary>Deterministic ids and keys, so every retry and resume writes the same rows and blobs.</summary>
public static class ProductIds
{
    public static string ForItem(string jobId, int index) => $"{jobId}-{ItemKey(index)}";

    public static string ItemKey(int index) => index.ToString("D6", CultureInfo.InvariantCulture);

    public static string ItemPartition(string tenantId, string jobId) => $"{tenantId}|{jobId}";

    public static string JobInstanceId(string tenantId, string jobId) => $"{tenantId}|{jobId}";
}
