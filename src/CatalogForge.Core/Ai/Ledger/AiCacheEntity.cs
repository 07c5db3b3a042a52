using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Ai.Ledger;

/// <summary>
/// Table <c>AiCache</c>: PartitionKey = <c>{tenantId}</c>, RowKey = request hash. The result is inline in
/// <see cref="Payload"/> (UTF-8 JSON, binary so it fits the 64 KiB property limit) or in blob <see cref="BlobName"/>.
/// </summary>
public sealed class AiCacheEntity : TableEntityBase
{
    public byte[]? Payload { get; set; }
    public string? BlobName { get; set; }
    public string ValueType { get; set; } = "";
    public string Deployment { get; set; } = "";
    public string Model { get; set; } = "";
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public int Images { get; set; }
    public long CostMicroUsd { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
