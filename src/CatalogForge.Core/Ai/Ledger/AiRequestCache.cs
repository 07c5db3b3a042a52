using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CatalogForge.Core.Storage;

namespace CatalogForge.Core.Ai.Ledger;

/// <summary>A cached result and the usage of the call that originally paid for it.</summary>
public sealed record AiCacheEntry<T>(T Value, AiUsage OriginalUsage, DateTimeOffset CreatedAt)
{
    /// <summary>Usage to record for a hit: same tokens/images, cost 0, <c>CacheHit = true</c>.</summary>
    public AiUsage HitUsage => OriginalUsage with { CostUsd = 0m, CacheHit = true };
}

/// <summary>
/// Pay once: results of model calls keyed by <see cref="AiCacheKey"/>, scoped per tenant (tenants never see each
/// other's entries). Small results (≤ <see cref="InlineLimitBytes"/> of UTF-8 JSON) live in table
/// <see cref="StorageNames.Tables.AiCache"/>; larger ones (images) in blob container <see cref="StorageNames.Containers.AiCache"/> at <c>{tenantId}/{hash}</c>,
/// with the table row (written last) as the commit point.
/// </summary>
public sealed class AiRequestCache
{
    public const int InlineLimitBytes = 48 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TableClient _table;
    private readonly BlobContainerClient _container;
    private readonly TimeProvider _time;

    public AiRequestCache(TableServiceClient tables, BlobServiceClient blobs, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(blobs);
        _table = tables.GetTableClient(StorageNames.Tables.AiCache);
        _container = blobs.GetBlobContainerClient(StorageNames.Containers.AiCache);
        _time = time;
    }

    public async Task<AiCacheEntry<T>?> TryGetAsync<T>(string tenantId, string key, CancellationToken cancellationToken = default)
    {
        Validate(tenantId, key);
        var found = await _table.GetEntityIfExistsAsync<AiCacheEntity>(tenantId, key, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } row)
        {
            return null;
        }

        BinaryData payload;
        if (row.Payload is not null)
        {
            payload = BinaryData.FromBytes(row.Payload);
        }
        else if (row.BlobName is not null)
        {
            try
            {
                payload = (await _container.GetBlobClient(row.BlobName).DownloadContentAsync(cancellationToken)).Value.Content;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
        }
        else
        {
            return null;
        }

        T? value;
        try
        {
            value = payload.ToObjectFromJson<T>(Json);
        }
        catch (JsonException)
        {
            return null; // shape changed since it was stored: treat as a miss, the next store overwrites it.
        }

        if (value is null)
        {
            return null;
        }

        var usage = new AiUsage(row.Deployment, row.Model, row.InputTokens, row.OutputTokens, row.Images, Money.FromMicros(row.CostMicroUsd), CacheHit: false);
        return new AiCacheEntry<T>(value, usage, row.CreatedAt);
    }

    /// <summary>Stores (or replaces) the result of a paid call together with its usage.</summary>
    public async Task StoreAsync<T>(string tenantId, string key, T value, AiUsage usage, CancellationToken cancellationToken = default)
    {
        Validate(tenantId, key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(usage);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        var row = new AiCacheEntity
        {
            PartitionKey = tenantId,
            RowKey = key,
            ValueType = typeof(T).FullName ?? typeof(T).Name,
            Deployment = usage.Deployment,
            Model = usage.Model,
            InputTokens = usage.InputTokens,
            OutputTokens = usage.OutputTokens,
            Images = usage.Images,
            CostMicroUsd = Money.ToMicros(usage.CostUsd),
            CreatedAt = _time.GetUtcNow(),
        };

        if (bytes.Length <= InlineLimitBytes)
        {
            row.Payload = bytes;
        }
        else
        {
            row.BlobName = BlobNameFor(tenantId, key);
            await _container.GetBlobClient(row.BlobName).UploadAsync(
                BinaryData.FromBytes(bytes),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                cancellationToken);
        }

        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public static string BlobNameFor(string tenantId, string key) => $"{tenantId}/{key}";

    private static void Validate(string tenantId, string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (tenantId.AsSpan().IndexOfAny("/\\#?") >= 0 || key.AsSpan().IndexOfAny("/\\#?") >= 0)
        {
            throw new ArgumentException("Tenant id and cache key must not contain '/', '\\', '#' or '?'.");
        }
    }
}
