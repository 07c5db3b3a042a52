using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion.Signing;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ingestion;

/// <summary>
/// Handles one delivery of an <c>ingest</c> message, host-agnostic (the Server's listener and a Functions QueueTrigger both call
/// it): verify the signature (<see cref="IngestSignatureVerifier"/>: the tenant is the one whose key signed), read and check
/// the message, check the tenant, stream the inline items or the file into jobs, start them.
/// A message that can never succeed (unsigned, a signature that does not hold, bad JSON, invalid fields, an unreadable file)
/// is poison at once, before anything is written; one that may yet succeed (tenant or file not there yet, storage errors)
/// is retried until <see cref="IngestionOptions.MaxDequeueCount"/> deliveries.
/// </summary>
public sealed class IngestMessageHandler(
    IngestSignatureVerifier verifier,
    IngestJobWriter writer,
    IJobRunner runner,
    CatalogTables tables,
    BlobServiceClient blobs,
    IOptions<IngestionOptions> options,
    ILogger<IngestMessageHandler> logger)
{
    /// <param name="insertedOn">When the queue took the message in (the service's clock); the signature's age is measured
    /// against it, so a message that waited in the queue is not stale. Null: now.</param>
    public async Task<IngestOutcome> HandleAsync(string messageText, long dequeueCount, DateTimeOffset? insertedOn, CancellationToken cancellationToken)
    {
        IngestVerification signed;
        try
        {
            signed = await verifier.VerifyAsync(messageText, insertedOn, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Reading the key or its secret failed (storage, Key Vault, the credential): that may pass.
            logger.LogWarning(ex, "Checking the signature of an ingest message failed");
            var failure = IngestFailures.DescribeStorageFailure(ex);
            return RetryOrPoison("(not yet known)", "(not yet known)", $"Checking the signature failed: {failure ?? $"{ex.GetType().Name}: {ex.Message}"}",
                failure is null ? ErrorClass.Unknown : ErrorClass.Storage, dequeueCount);
        }

        if (signed.Refusal is { } refusal)
        {
            return IngestOutcome.Poison(refusal, signed.ErrorClass);
        }

        var (request, error) = IngestMessageReader.Read(signed.Message!);
        if (request is null)
        {
            return IngestOutcome.Poison(error!, ErrorClass.Validation);
        }

        if (!string.Equals(request.TenantId, signed.TenantId, StringComparison.Ordinal))
        {
            return IngestOutcome.Poison(
                $"The message's tenantId '{request.TenantId}' is not the tenant '{signed.TenantId}' whose key signed it.", ErrorClass.Auth);
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
        catch (IngestKeyConflictException ex)
        {
            return ex.MayPass
                ? RetryOrPoison(request, ex.Message, ErrorClass.Validation, dequeueCount)
                : IngestOutcome.Poison(ex.Message, ErrorClass.Validation);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && IngestFailures.DescribeStorageFailure(ex) is { } failure)
        {
            logger.LogWarning(ex, "Ingest key {IdempotencyKey} of tenant {TenantId}: {Failure}", request.IdempotencyKey, request.TenantId, failure);
            return RetryOrPoison(request, $"Transient storage failure, {failure}", ErrorClass.Storage, dequeueCount);
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

    private IngestOutcome RetryOrPoison(IngestRequest request, string reason, ErrorClass errorClass, long dequeueCount) =>
        RetryOrPoison(request.TenantId, request.IdempotencyKey, reason, errorClass, dequeueCount);

    private IngestOutcome RetryOrPoison(string tenantId, string idempotencyKey, string reason, ErrorClass errorClass, long dequeueCount)
    {
        var max = options.Value.MaxDequeueCount;
        if (dequeueCount >= max)
        {
            return IngestOutcome.Poison($"{reason} (gave up after {dequeueCount} deliveries)", errorClass);
        }

        logger.LogWarning("Ingest key {IdempotencyKey} of tenant {TenantId}, delivery {DequeueCount} of {Max}, will be retried ({ErrorClass}): {Reason}",
            idempotencyKey, tenantId, dequeueCount, max, errorClass, reason);
        return IngestOutcome.Retry(reason, errorClass);
    }
}
