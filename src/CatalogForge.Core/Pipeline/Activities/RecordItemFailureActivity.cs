using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>Records a failed item with its error class, message and the step that failed; the job goes on.</summary>
public sealed class RecordItemFailureActivity(JobItemWriter items, ILogger<RecordItemFailureActivity> logger)
    : Orchestration.IActivity<ItemFailure, ItemResult>
{
    public static string Name => "RecordItemFailure";

    public async Task<ItemResult> RunAsync(ItemFailure failure, CancellationToken cancellationToken)
    {
        var job = failure.Item.Job;
        logger.LogWarning("Item {Index} of job {JobId} (tenant {TenantId}) failed in {Step} with {ErrorClass}: {Message}",
            failure.Item.Index, job.JobId, job.TenantId, failure.Step, failure.ErrorClass, failure.Message);
        var row = await items.ReadAsync(job, failure.Item.Index, cancellationToken);
        await items.FinishAsync(job, row, failure.CostSoFar, r =>
        {
            r.ItemStatus = ItemStatus.Failed;
            r.ErrorClass = failure.ErrorClass.ToString();
            r.ErrorMessage = failure.Message.Length <= 1000 ? failure.Message : failure.Message[..1000];
            // A row rejected at ingestion keeps that step: it marks an input a retry cannot mend.
            r.FailedStep = r.FailedStep == JobItemEntity.RejectedStep ? r.FailedStep : failure.Step;
        }, cancellationToken);
        Telemetry.CatalogForgeMetrics.ItemFinished(job.TenantId, nameof(ItemStatus.Failed), failure.ErrorClass.ToString());
        return new ItemResult(failure.Item.Index, ItemStatus.Failed, failure.CostSoFar);
    }
}
