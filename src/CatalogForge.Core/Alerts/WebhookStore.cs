using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Storage;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Alerts;

/// <summary>A webhook as listed: never its secret.</summary>
public sealed record WebhookView(string WebhookId, string Url, DateTimeOffset CreatedAt);

/// <summary>What creating a webhook answers, once: the signing secret is not shown again.</summary>
public sealed record WebhookCreated(string WebhookId, string Url, string Secret, DateTimeOffset CreatedAt);

/// <summary>A webhook with its secret, for the sender.</summary>
public sealed record WebhookTarget(string WebhookId, Uri Url, string Secret);

/// <summary>
/// Table <c>Webhooks</c>: PartitionKey = tenantId, RowKey = webhook id (<c>wh_</c> + 16 hex digits); columns Url, Secret
/// (32 random bytes, base64url, the HMAC key of the signatures) and CreatedAt.
/// </summary>
public sealed class WebhookStore(CatalogTables tables, IOptions<AlertOptions> options, TimeProvider time)
{
    public const string IdPrefix = "wh_";

    /// <summary>The new webhook, or null when the tenant already has <see cref="AlertOptions.MaxWebhooksPerTenant"/>.</summary>
    public async Task<WebhookCreated?> CreateAsync(string tenantId, Uri url, CancellationToken cancellationToken)
    {
        if ((await ListAsync(tenantId, cancellationToken)).Count >= options.Value.MaxWebhooksPerTenant)
        {
            return null;
        }

        var created = new WebhookCreated(
            IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            url.AbsoluteUri,
            System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)),
            time.GetUtcNow());
        await tables.Webhooks.AddEntityAsync(new TableEntity(tenantId, created.WebhookId)
        {
            ["Url"] = created.Url,
            ["Secret"] = created.Secret,
            ["CreatedAt"] = created.CreatedAt,
        }, cancellationToken);
        return created;
    }

    public async Task<IReadOnlyList<WebhookView>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        (await RowsAsync(tenantId, cancellationToken))
            .Select(row => new WebhookView(row.RowKey, row.GetString("Url"), row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue))
            .ToList();

    public async Task<IReadOnlyList<WebhookTarget>> TargetsAsync(string tenantId, CancellationToken cancellationToken) =>
        (await RowsAsync(tenantId, cancellationToken))
            .Select(row => new WebhookTarget(row.RowKey, new Uri(row.GetString("Url")), row.GetString("Secret")))
            .ToList();

    /// <summary>False when the tenant has no such webhook (another tenant's id included).</summary>
    public async Task<bool> DeleteAsync(string tenantId, string webhookId, CancellationToken cancellationToken)
    {
        if (!IsWellFormedId(webhookId))
        {
            return false;
        }

        // The Tables SDK does not throw for a row that is not there: it answers 404.
        var response = await tables.Webhooks.DeleteEntityAsync(tenantId, webhookId, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    public static bool IsWellFormedId(string? webhookId) =>
        webhookId is { Length: 19 } && webhookId.StartsWith(IdPrefix, StringComparison.Ordinal)
        && webhookId.AsSpan(3).IndexOfAnyExcept("0123456789abcdef") < 0;

    private async Task<List<TableEntity>> RowsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in tables.Webhooks.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"),
                           cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }
}
