using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Jobs;

/// <summary>The <c>Jobs</c> table: reads, and read-modify-write guarded by ETags so concurrent writers never lose an update.</summary>
public sealed class JobRepository(CatalogTables tables, TimeProvider time)
{
    public async Task<JobEntity?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        if (!JobIds.IsWellFormed(jobId))
        {
            return null;
        }

        var row = await tables.Jobs.GetEntityIfExistsAsync<JobEntity>(tenantId, jobId, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Applies <paramref name="mutate"/> to the current row (it returns false to skip the write); retries on ETag conflicts.</summary>
    public async Task<JobEntity> UpdateAsync(string tenantId, string jobId, Func<JobEntity, bool> mutate, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = (await tables.Jobs.GetEntityAsync<JobEntity>(tenantId, jobId, cancellationToken: cancellationToken)).Value;
            if (!mutate(row))
            {
                return row;
            }

            row.UpdatedAt = time.GetUtcNow();
            try
            {
                await tables.Jobs.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return row;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), cancellationToken);
            }
        }
    }
}
