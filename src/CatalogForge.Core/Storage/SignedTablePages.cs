using Azure.Data.Tables;

namespace CatalogForge.Core.Storage;

/// <summary>One page of a filtered table query and the continuation token of the next, signed for the request it pages.</summary>
public sealed record SignedPage<TEntity>(IReadOnlyList<TEntity> Values, string? ContinuationToken);

/// <summary>
/// Reads one page of a table query, resuming from a token that <see cref="ContinuationTokens"/> signed for
/// <c>scope</c> (tenant, route, filter) and handing back the next one signed the same way: every paged list uses it.
/// </summary>
public sealed class SignedTablePages(ContinuationTokens tokens)
{
    public async Task<SignedPage<TEntity>> ReadAsync<TEntity>(
        TableClient table, string filter, string scope, string? continuationToken, int pageSize, CancellationToken cancellationToken)
        where TEntity : class, ITableEntity, new()
    {
        var pages = table.QueryAsync<TEntity>(filter, pageSize, cancellationToken: cancellationToken)
            .AsPages(tokens.Decode(continuationToken, scope), pageSize);
        await foreach (var page in pages)
        {
            return new SignedPage<TEntity>(page.Values, tokens.Encode(page.ContinuationToken, scope));
        }

        return new SignedPage<TEntity>([], null);
    }
}
