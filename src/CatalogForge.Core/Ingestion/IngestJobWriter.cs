using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ingestion;

public sealed record IngestWriteResult(IReadOnlyList<string> JobIds, int Rows, int InvalidRows);

/// <summary>
/// Streams a message's rows into jobs of at most <c>Jobs:MaxItemsPerJob</c> items ("parts"), holding one part in memory.
/// Part n's idempotency key is the message's key for n = 1 and <c>{key}#part-{n}</c> after, claimed in <c>JobIdempotency</c>
/// with the part's content hash like an HTTP submission (<see cref="IngestPartClaims"/>): a second delivery, or one after a
/// crash half-way, finds the same job ids and writes no second job; other content never joins a half-written part.
/// A delivery running at the same time as another one (a lapsed visibility timeout) rewrites nothing either: items are
/// written insert-only (<see cref="JobRepository.WriteNewAsync"/>), the job row only if absent.
/// Valid rows become Pending items; invalid rows become Failed items (<see cref="ErrorClass.Validation"/>, the reason, the raw row).
/// </summary>
public sealed class IngestJobWriter(
    JobRepository jobs,
    IngestPartClaims claims,
    JobRequestValidator validator,
    IOptions<JobLimits> limits,
    TimeProvider time,
    ILogger<IngestJobWriter> logger)
{
    private const int MaxRawChars = 30_000;
    private const int MaxReasonChars = 1000;

    public static string PartKey(string idempotencyKey, int part) => part == 1 ? idempotencyKey : $"{idempotencyKey}#part-{part}";

    /// <summary>Writes every part and calls <paramref name="afterEachJob"/> (the handler starts the job there) once per part.</summary>
    public async Task<IngestWriteResult> WriteAsync(
        IngestRequest request,
        IAsyncEnumerable<IngestRow> rows,
        Func<JobRef, CancellationToken, Task> afterEachJob,
        CancellationToken cancellationToken)
    {
        var partSize = limits.Value.MaxItemsPerJob;
        var part = new List<JobItemEntity>(Math.Min(partSize, 1024));
        var jobIds = new List<string>();
        int total = 0, invalid = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var item = ToItem(request.Kind, row, part.Count);
            invalid += item.ItemStatus == ItemStatus.Failed ? 1 : 0;
            total++;
            part.Add(item);
            if (part.Count == partSize)
            {
                jobIds.Add(await WritePartAsync(request, jobIds.Count + 1, part, afterEachJob, cancellationToken));
                part.Clear();
            }
        }

        if (part.Count > 0)
        {
            jobIds.Add(await WritePartAsync(request, jobIds.Count + 1, part, afterEachJob, cancellationToken));
        }

        if (total == 0)
        {
            throw new IngestFileException("The file holds no rows.");
        }

        return new IngestWriteResult(jobIds, total, invalid);
    }

    private JobItemEntity ToItem(JobKind kind, IngestRow row, int index)
    {
        var item = new JobItemEntity { RowKey = JobItemEntity.RowKeyFor(index), Index = index };
        var reason = row.Error;
        if (row.Item is { } element)
        {
            var (json, errors) = validator.ValidateItem(kind, element, row.Label);
            if (json is not null)
            {
                item.ItemStatus = ItemStatus.Pending;
                item.InputJson = json;
                return item;
            }

            reason = string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
        }

        item.ItemStatus = ItemStatus.Failed;
        item.ErrorClass = nameof(ErrorClass.Validation);
        item.ErrorMessage = Clip(reason ?? $"{row.Label} could not be read.", MaxReasonChars);
        item.FailedStep = JobItemEntity.RejectedStep;
        item.InputJson = Clip(row.Raw, MaxRawChars);
        return item;
    }

    /// <summary>Claim → items → job row (a job that exists always has all its items) → start.</summary>
    private async Task<string> WritePartAsync(
        IngestRequest request, int number, List<JobItemEntity> items, Func<JobRef, CancellationToken, Task> afterEachJob,
        CancellationToken cancellationToken)
    {
        var key = PartKey(request.IdempotencyKey, number);
        using var span = Telemetry.CatalogForgeTelemetry.StartIngestPart(request.TenantId, key, number);
        var jobId = await claims.ClaimAsync(request.TenantId, key, ContentHash(request, items), cancellationToken);
        var job = new JobRef(request.TenantId, jobId);
        if (await jobs.GetAsync(request.TenantId, jobId, cancellationToken) is not null)
        {
            logger.LogInformation("Part {Part} of ingest key {IdempotencyKey} (tenant {TenantId}) is job {JobId}, written before; not written again",
                number, request.IdempotencyKey, request.TenantId, jobId);
        }
        else if (await WriteJobAsync(request, job, key, items, cancellationToken))
        {
            logger.LogInformation("Part {Part} of ingest key {IdempotencyKey} (tenant {TenantId}) written as job {JobId}: {ItemCount} items, {Invalid} invalid",
                number, request.IdempotencyKey, request.TenantId, jobId, items.Count, items.Count(i => i.ItemStatus == ItemStatus.Failed));
        }
        else
        {
            // A concurrent delivery of the same message wrote (and counted) it first; its items and row (maybe already
            // Running, its items maybe finished) stay as they are: items are written insert-only.
            logger.LogInformation("Part {Part} of ingest key {IdempotencyKey} (tenant {TenantId}) is job {JobId}, written by a concurrent delivery",
                number, request.IdempotencyKey, request.TenantId, jobId);
        }

        await afterEachJob(job, cancellationToken);
        return jobId;
    }

    /// <summary>False when a concurrent delivery wrote the job row first.</summary>
    private Task<bool> WriteJobAsync(IngestRequest request, JobRef job, string key, List<JobItemEntity> items, CancellationToken cancellationToken)
    {
        var row = JobRepository.NewRow(job.TenantId, job.JobId, request.Kind, request.Priority, request.Images, request.Language,
            key, items.Count, time.GetUtcNow());
        // Over a tenant cap, nothing of this part is written: the handler defers the message.
        return jobs.WriteNewAsync(row, items, limits.Value.Caps, cancellationToken);
    }

    /// <summary>The part's content as <see cref="ValidatedJob.ContentHash"/> has it: an inline part equals the same HTTP submission.</summary>
    private static string ContentHash(IngestRequest request, List<JobItemEntity> items) =>
        new ValidatedJob(request.Kind, items.Select(i => i.InputJson).ToList(), request.Images, request.Priority, request.Language, null).ContentHash();

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
