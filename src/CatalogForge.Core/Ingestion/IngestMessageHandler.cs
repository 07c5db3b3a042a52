using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ingestion;

/// <summary>
/// Handles one delivery of an <c>ingest</c> message, host-agnostic (the Server's listener and a Functions QueueTrigger both call
/// it): read and check the message, check the tenant, stream the inline items or the file into jobs, start them.
/// A message that can never succeed (bad JSON, invalid fields, an unreadable file) is poison at once; one that may yet succeed
/// (tenant or file not there yet, storage errors) is retried until <see cref="IngestionOptions.MaxDequeueCount"/> deliveries.
/// </summary>
public sealed class IngestMessageHandler(
    IngestJobWriter writer,
    IJobRunner runner,
    CatalogTables tables,
    BlobServiceClient blobs,
    IOptions<IngestionOptions> options,
    ILogger<IngestMessageHandler> logger)
{
    public async Task<IngestOutcome> HandleAsync(string messageText, long dequeueCount, CancellationToken cancellationToken)
    {
        var (request, error) = IngestMessageReader.Read(messageText);
        if (request is null)
        {
            return IngestOutcome.Poison(error!, ErrorClass.Validation);
        }

        try
        {
            var tenant = await tables.Tenants.GetEntityIfExistsAsync<TenantEntity>(request.TenantId, "tenant", cancellationToken: cancellationToken);
            if (!tenant.HasValue)
            {
                return RetryOrPoison(request, $"Unknown tenant '{request.TenantId}'.", ErrorClass.NotFound, dequeueCount);
            }

            Task Start(Pipeline.JobRef job, CancellationToken ct) => runner.StartAsync(job.TenantId, job.JobId, request.Priority, round: 0, ct);
            IngestWriteResult result;
            if (request.Items is { } items)
            {
                result = await writer.WriteAsync(request, IngestRowSources.InlineAsync(items), Start, cancellationToken);
            }
            else
            {
                var blob = blobs.GetBlobContainerClient(StorageNames.Containers.Ingest).GetBlobClient(request.BlobPath);
                await using var stream = await OpenAsync(blob, cancellationToken);
                if (stream is null)
                {
                    return RetryOrPoison(request, $"The file '{StorageNames.Containers.Ingest}/{request.BlobPath}' does not exist.",
                        ErrorClass.NotFound, dequeueCount);
                }

                using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                var rows = request.Format == IngestFileFormat.Csv
                    ? IngestRowSources.CsvAsync(reader, request.Kind, cancellationToken)
                    : IngestRowSources.JsonLinesAsync(reader, cancellationToken);
                result = await writer.WriteAsync(request, rows, Start, cancellationToken);
            }

            logger.LogInformation(
                "Ingest key {IdempotencyKey} of tenant {TenantId} accepted: {Rows} rows ({Invalid} invalid) in {JobCount} job(s)",
                request.IdempotencyKey, request.TenantId, result.Rows, result.InvalidRows, result.JobIds.Count);
            return IngestOutcome.Accepted(result.JobIds, result.Rows, result.InvalidRows);
        }
        catch (TenantCapExceededException ex)
        {
            // Parts written before stay written and started; a later delivery finds them by their keys and goes on.
            logger.LogInformation("Ingest key {IdempotencyKey} of tenant {TenantId} deferred for {RetryAfter}: {Reason}",
                request.IdempotencyKey, request.TenantId, ex.RetryAfter, ex.Describe());
            return IngestOutcome.Deferred(ex.Describe(), ex.RetryAfter);
        }
        catch (IngestFileException ex)
        {
            return IngestOutcome.Poison($"The file '{request.BlobPath}' cannot be read: {ex.Message}", ErrorClass.Validation);
        }
        catch (RequestFailedException ex)
        {
            return RetryOrPoison(request, $"Storage request failed ({ex.Status} {ex.ErrorCode}): {ex.Message}", ErrorClass.Storage, dequeueCount);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Ingest key {IdempotencyKey} of tenant {TenantId} failed unexpectedly", request.IdempotencyKey, request.TenantId);
            return RetryOrPoison(request, $"Unexpected {ex.GetType().Name}: {ex.Message}", ErrorClass.Unknown, dequeueCount);
        }
    }

    /// <summary>The blob's content stream, read as one version (a change during the read fails it), or null if it does not exist.</summary>
    private static async Task<Stream?> OpenAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private IngestOutcome RetryOrPoison(IngestRequest request, string reason, ErrorClass errorClass, long dequeueCount)
    {
        var max = options.Value.MaxDequeueCount;
        if (dequeueCount >= max)
        {
            return IngestOutcome.Poison($"{reason} (gave up after {dequeueCount} deliveries)", errorClass);
        }

        logger.LogWarning("Ingest key {IdempotencyKey} of tenant {TenantId}, delivery {DequeueCount} of {Max}, will be retried ({ErrorClass}): {Reason}",
            request.IdempotencyKey, request.TenantId, dequeueCount, max, errorClass, reason);
        return IngestOutcome.Retry(reason, errorClass);
    }
}
