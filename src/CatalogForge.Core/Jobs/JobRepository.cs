using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Tenancy;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// Writing jobs: a new job's items and row, idempotency keys (<c>JobIdempotency</c>), and the <c>Jobs</c> rows' reads and
/// read-modify-writes, guarded by ETags so concurrent writers never lose an update. Every status change (create, start,
/// finish, retry) moves the tenant's per-status totals in the same transaction. Filtered listings are <see cref="JobQueries"/>.
/// </summary>
public sealed class JobRepository(CatalogTables tables, TimeProvider time, ILogger<JobRepository> logger)
{
    private const int MaxAttempts = 30;

    private readonly JobWriteMarkers _markers = new(tables, time);

    public async Task<JobEntity?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        if (!JobIds.IsWellFormed(jobId))
        {
            return null;
        }

        var row = await tables.Jobs.GetEntityIfExistsAsync<JobEntity>(tenantId, jobId, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>The tenant's job counts per status (all zero before its first job).</summary>
    public async Task<JobTotals> GetTotalsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await tables.Jobs.GetEntityIfExistsAsync<JobTotalsEntity>(tenantId, JobTotalsEntity.RowKeyValue, cancellationToken: cancellationToken);
        return row.HasValue ? JobTotals.From(row.Value!) : JobTotals.Zero;
    }

    /// <summary>
    /// Writes a validated submission as a new Pending job: one Pending item per input, then the job row, within the
    /// tenant's <paramref name="caps"/> (<see cref="TenantCapExceededException"/> otherwise).
    /// </summary>
    public Task<bool> WriteNewAsync(
        string tenantId, string jobId, ValidatedJob job, DateTimeOffset createdAt, JobCaps? caps, CancellationToken cancellationToken)
    {
        var items = job.ItemsJson.Select((json, index) => new JobItemEntity
        {
            RowKey = JobItemEntity.RowKeyFor(index),
            Index = index,
            ItemStatus = ItemStatus.Pending,
            InputJson = json,
        });
        var row = NewRow(tenantId, jobId, job.Kind, job.Priority, job.Images, job.Language, job.IdempotencyKey, job.ItemsJson.Count, createdAt);
        return WriteNewAsync(row, items, caps, cancellationToken);
    }

    /// <summary>
    /// Throws <see cref="TenantCapExceededException"/> when a job of <paramref name="itemCount"/> items does not fit the
    /// tenant's <paramref name="caps"/> now: one point read of the totals row, before anything is written. The write
    /// itself checks again, in the transaction that adds the job.
    /// </summary>
    public async Task EnsureRoomAsync(string tenantId, int itemCount, JobCaps caps, CancellationToken cancellationToken) =>
        caps.Check(await ReadTotalsAsync(tenantId, cancellationToken), itemCount);

    /// <summary>The job id already claimed for the idempotency key, or null; reads only.</summary>
    public async Task<string?> FindIdempotencyClaimAsync(string tenantId, string key, CancellationToken cancellationToken)
    {
        var row = await tables.JobIdempotency.GetEntityIfExistsAsync<JobIdempotencyEntity>(
            tenantId, ApiKeyHasher.Hash(key), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.JobId : null;
    }

    /// <summary>The row of a new job: Pending, created and last changed at <paramref name="createdAt"/>, every counter zero.</summary>
    public static JobEntity NewRow(
        string tenantId, string jobId, JobKind kind, JobPriority priority, bool images, string language, string? idempotencyKey,
        int itemCount, DateTimeOffset createdAt) => new()
    {
        PartitionKey = tenantId,
        RowKey = jobId,
        JobKind = kind,
        JobStatus = JobStatus.Pending,
        JobPriority = priority,
        ItemCount = itemCount,
        Images = images,
        Language = language,
        IdempotencyKey = idempotencyKey,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    /// <summary>
    /// The job id already claimed for the idempotency key, or <paramref name="jobId"/> now claimed (HTTP submissions and
    /// queue ingestion both claim before writing anything). The key is stored hashed.
    /// </summary>
    public async Task<string> ClaimIdempotencyKeyAsync(string tenantId, string key, string jobId, CancellationToken cancellationToken) =>
        (await ClaimIdempotencyKeyAsync(tenantId, key, jobId, bodyHash: null, cancellationToken)).JobId;

    /// <summary>
    /// Claims the idempotency key for <paramref name="jobId"/> with the hash of the request's content
    /// (<see cref="ValidatedJob.ContentHash"/>), or returns the earlier claim: its job id and whether its content was the
    /// same. A claim written without a hash (before hashes were stored, or by queue ingestion) matches any content.
    /// </summary>
    public async Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(
        string tenantId, string key, string jobId, string? bodyHash, CancellationToken cancellationToken)
    {
        var entity = new JobIdempotencyEntity { PartitionKey = tenantId, RowKey = ApiKeyHasher.Hash(key), JobId = jobId, BodyHash = bodyHash };
        try
        {
            await tables.JobIdempotency.AddEntityAsync(entity, cancellationToken);
            return new IdempotencyClaim(jobId, New: true, SameBody: true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = (await tables.JobIdempotency.GetEntityAsync<JobIdempotencyEntity>(
                entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken)).Value;
            var same = existing.BodyHash is null || bodyHash is null || string.Equals(existing.BodyHash, bodyHash, StringComparison.Ordinal);
            return new IdempotencyClaim(existing.JobId, New: false, SameBody: same);
        }
    }

    /// <summary>
    /// Writes a new job: its items first (into the job's item partition, stamped with the job's creation time), then
    /// the job row through <see cref="CreateAsync"/>, so a job that exists always has all its items. False when the job
    /// row already existed (a concurrent writer of the same idempotency key came first; it is counted once).
    /// Items are insert-only: one that exists is left as it is, since the job of an earlier or concurrent writer of the same
    /// key may already have run it.
    /// </summary>
    public Task<bool> WriteNewAsync(JobEntity job, IEnumerable<JobItemEntity> items, CancellationToken cancellationToken) =>
        WriteNewAsync(job, items, caps: null, cancellationToken);

    /// <summary>
    /// <see cref="WriteNewAsync(JobEntity, IEnumerable{JobItemEntity}, CancellationToken)"/> within the tenant's
    /// <paramref name="caps"/>: checked before the items are written, and again when the job row is added.
    /// </summary>
    public async Task<bool> WriteNewAsync(JobEntity job, IEnumerable<JobItemEntity> items, JobCaps? caps, CancellationToken cancellationToken)
    {
        if (caps is not null)
        {
            await EnsureRoomAsync(job.PartitionKey, job.ItemCount, caps, cancellationToken);
        }

        var marker = await _markers.BeginAsync(job.PartitionKey, job.RowKey, cancellationToken);
        var partition = JobItemEntity.PartitionFor(job.PartitionKey, job.RowKey);
        var stamped = items.Select(item =>
        {
            item.PartitionKey = partition;
            item.UpdatedAt = job.CreatedAt;
            return item;
        });
        foreach (var chunk in Batches(stamped))
        {
            await AddMissingItemsAsync(partition, chunk, cancellationToken);
        }

        return await CreateAsync(job, caps, marker, cancellationToken);
    }

    /// <summary>
    /// Item transactions of at most 100 entities and <see cref="JobLimits.MaxItemBatchBytes"/> (inputs counted at their
    /// worst-case wire size), so a job of large items never exceeds the 4 MiB batch limit.
    /// </summary>
    private static IEnumerable<List<JobItemEntity>> Batches(IEnumerable<JobItemEntity> items)
    {
        const int overhead = 1024; // keys, status, counters and the batch's own framing, per entity
        var batch = new List<JobItemEntity>();
        long bytes = 0;
        foreach (var item in items)
        {
            var size = overhead + 6L * (item.InputJson.Length + (item.ErrorMessage?.Length ?? 0));
            if (batch.Count > 0 && (batch.Count == TableBatches.MaxBatchSize || bytes + size > JobLimits.MaxItemBatchBytes))
            {
                yield return batch;
                (batch, bytes) = ([], 0);
            }

            batch.Add(item);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>Adds one transaction's items; on a conflict, reads which of them exist and adds only the others.</summary>
    private async Task AddMissingItemsAsync(string partition, IReadOnlyList<JobItemEntity> chunk, CancellationToken cancellationToken)
    {
        var missing = chunk;
        while (missing.Count > 0)
        {
            try
            {
                await tables.JobItems.SubmitTransactionAsync(
                    missing.Select(item => new TableTransactionAction(TableTransactionActionType.Add, item)), cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                var keys = missing.Select(item => item.RowKey).ToList();
                var (first, last) = (keys.Min(StringComparer.Ordinal)!, keys.Max(StringComparer.Ordinal)!);
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {first} and RowKey le {last}");
                var existing = new HashSet<string>(StringComparer.Ordinal);
                await foreach (var row in tables.JobItems.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
                {
                    existing.Add(row.RowKey);
                }

                var rest = missing.Where(item => !existing.Contains(item.RowKey)).ToList();
                if (rest.Count == missing.Count)
                {
                    throw; // a conflict that no existing item explains
                }

                logger.LogInformation("Items {From}–{To} of {Partition}: {Existing} already written (an earlier or concurrent delivery of the same key), left as they are",
                    first, last, partition, missing.Count - rest.Count);
                missing = rest;
            }
        }
    }

    /// <summary>Adds a new job row and counts it; false (nothing written) when a row with its id already exists.</summary>
    public Task<bool> CreateAsync(JobEntity job, CancellationToken cancellationToken) => CreateAsync(job, caps: null, cancellationToken);

    /// <summary>
    /// <see cref="CreateAsync(JobEntity, CancellationToken)"/>, refused with <see cref="TenantCapExceededException"/> when
    /// the job does not fit <paramref name="caps"/>: checked on the totals row the same transaction writes (ETag-guarded),
    /// so concurrent writers cannot jointly overshoot.
    /// </summary>
    public Task<bool> CreateAsync(JobEntity job, JobCaps? caps, CancellationToken cancellationToken) =>
        CreateAsync(job, caps, marker: null, cancellationToken);

    /// <param name="marker">
    /// The ETag of the job's <see cref="JobWriteMarkerEntity"/>, written before its items: the transaction deletes the
    /// marker with the job row's add. When the abandoned-write sweep has claimed it meanwhile, nothing is added.
    /// </param>
    private async Task<bool> CreateAsync(JobEntity job, JobCaps? caps, ETag? marker, CancellationToken cancellationToken)
    {
        var markerKey = JobWriteMarkerEntity.RowKeyFor(job.RowKey);
        for (var attempt = 1; ; attempt++)
        {
            var totals = await ReadTotalsAsync(job.PartitionKey, cancellationToken);
            if (caps is not null && !job.JobStatus.IsTerminal())
            {
                caps.Check(totals, job.ItemCount);
            }

            JobCaps.Move(totals, from: null, job.JobStatus, job.ItemCount);
            List<TableTransactionAction> actions = [new(TableTransactionActionType.Add, job), TotalsWrite(totals)];
            if (marker is { } etag)
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(job.PartitionKey, markerKey), etag));
            }

            try
            {
                await tables.Jobs.SubmitTransactionAsync(actions, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when ((IsConflict(ex) || (marker is not null && ex.Status == 404)) && attempt < MaxAttempts)
            {
                if (await GetAsync(job.PartitionKey, job.RowKey, cancellationToken) is not null)
                {
                    // A concurrent writer of the same job came first; a marker this write put back after it is removed.
                    if (marker is { } mine)
                    {
                        await _markers.ReleaseAsync(job.PartitionKey, job.RowKey, mine, cancellationToken);
                    }

                    return false;
                }

                if (marker is not null)
                {
                    // On the marker: a concurrent writer of the same job refreshed it (go on with its ETag), finished
                    // (its row is there now) or the sweep has it. On the totals row: the fresh ETag is harmless.
                    marker = await _markers.CurrentETagAsync(job.PartitionKey, job.RowKey, cancellationToken);
                    if (marker is null)
                    {
                        return await GetAsync(job.PartitionKey, job.RowKey, cancellationToken) is null
                            ? throw JobWriteMarkers.Swept(job.PartitionKey, job.RowKey)
                            : false;
                    }
                }

                await BackOffAsync(attempt, cancellationToken);
            }
        }
    }

    /// <summary>Applies <paramref name="mutate"/> to the current row (it returns false to skip the write); retries on ETag conflicts.</summary>
    public Task<JobEntity> UpdateAsync(string tenantId, string jobId, Func<JobEntity, bool> mutate, CancellationToken cancellationToken) =>
        UpdateAsync(tenantId, jobId, mutate, caps: null, cancellationToken);

    /// <summary>
    /// <see cref="UpdateAsync(string, string, Func{JobEntity, bool}, CancellationToken)"/>; a change that makes a finished
    /// job unfinished again (a retry round) must fit <paramref name="caps"/>, checked on the totals row the same
    /// transaction writes (<see cref="TenantCapExceededException"/> otherwise, nothing written).
    /// </summary>
    public async Task<JobEntity> UpdateAsync(
        string tenantId, string jobId, Func<JobEntity, bool> mutate, JobCaps? caps, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = (await tables.Jobs.GetEntityAsync<JobEntity>(tenantId, jobId, cancellationToken: cancellationToken)).Value;
            var before = row.JobStatus;
            if (!mutate(row))
            {
                return row;
            }

            row.UpdatedAt = time.GetUtcNow();
            try
            {
                if (row.JobStatus == before)
                {
                    await tables.Jobs.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    var totals = await ReadTotalsAsync(tenantId, cancellationToken);
                    if (caps is not null && before.IsTerminal() && !row.JobStatus.IsTerminal())
                    {
                        caps.Check(totals, row.ItemCount);
                    }

                    JobCaps.Move(totals, before, row.JobStatus, row.ItemCount);
                    await tables.Jobs.SubmitTransactionAsync(
                        [new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, row.ETag), TotalsWrite(totals)],
                        cancellationToken);
                    logger.LogDebug("Job {JobId} of tenant {TenantId}: {From} → {To}", jobId, tenantId, before, row.JobStatus);
                }

                return row;
            }
            catch (RequestFailedException ex) when (IsConflict(ex) && attempt < MaxAttempts)
            {
                await BackOffAsync(attempt, cancellationToken);
            }
        }
    }

    private async Task<JobTotalsEntity> ReadTotalsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await tables.Jobs.GetEntityIfExistsAsync<JobTotalsEntity>(tenantId, JobTotalsEntity.RowKeyValue, cancellationToken: cancellationToken);
        return row.HasValue
            ? row.Value!
            : new JobTotalsEntity { PartitionKey = tenantId, RowKey = JobTotalsEntity.RowKeyValue };
    }

    /// <summary>First totals row of a tenant: Add (fails if another writer created it first); afterwards ETag-guarded.</summary>
    private static TableTransactionAction TotalsWrite(JobTotalsEntity totals) =>
        totals.ETag == default
            ? new TableTransactionAction(TableTransactionActionType.Add, totals)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, totals, totals.ETag);

    // 412: a row changed since it was read; 409: a row another writer added first. Both: read again and retry.
    private static bool IsConflict(RequestFailedException ex) => ex.Status is 409 or 412;

    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(5 * Math.Min(attempt, 20) + Random.Shared.Next(10)), cancellationToken);
}

/// <summary>What claiming an idempotency key found: the key's job, whether this call claimed it, whether the content matched.</summary>
public sealed record IdempotencyClaim(string JobId, bool New, bool SameBody);
