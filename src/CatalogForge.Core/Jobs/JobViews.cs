using System.Text.Json;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Jobs;

/// <summary>Maps stored rows to the API's views.</summary>
public static class JobViews
{
    public static JobView ToView(JobEntity row, ItemTally? live)
    {
        var status = row.JobStatus;
        var counts = live is { } t
            ? new JobCounts(row.ItemCount, t.Pending, t.Succeeded, t.Failed, t.Cancelled)
            : new JobCounts(row.ItemCount, Math.Max(0, row.ItemCount - row.Succeeded - row.Failed - row.Cancelled),
                row.Succeeded, row.Failed, row.Cancelled);
        var done = counts.Succeeded + counts.Failed + counts.Cancelled;
        var errors = live?.Errors
            ?? (row.ErrorsJson is { } json ? JsonSerializer.Deserialize<List<ErrorSummary>>(json, CatalogJson.Options) : null)
            ?? [];
        return new JobView
        {
            JobId = row.RowKey,
            Kind = row.JobKind,
            Status = status,
            Priority = row.JobPriority,
            ProgressPercent = status.IsTerminal() ? 100 : row.ItemCount == 0 ? 0 : done * 100 / row.ItemCount,
            ProgressMessage = (row.RetryRound > 0 && !status.IsTerminal() ? $"Retry {row.RetryRound} of failed items. " : "")
                + Message(status, counts, row.CancelRequested, errors),
            Counts = counts,
            CostUsd = Money.FromMicros(live?.CostMicroUsd ?? row.CostMicroUsd),
            InputTokens = live?.InputTokens ?? row.InputTokens,
            OutputTokens = live?.OutputTokens ?? row.OutputTokens,
            CreatedAt = row.CreatedAt,
            StartedAt = row.StartedAt,
            UpdatedAt = row.UpdatedAt,
            CompletedAt = row.CompletedAt,
            Errors = errors,
            RetryRound = row.RetryRound,
        };
    }

    public static JobItemView ToView(JobItemEntity row) => new()
    {
        Index = row.Index,
        Status = row.ItemStatus,
        ProductId = row.ProductId,
        Title = row.Title,
        ErrorClass = Enum.TryParse<ErrorClass>(row.ErrorClass, out var errorClass) ? errorClass : null,
        ErrorMessage = row.ErrorMessage,
        FailedStep = row.FailedStep,
        Attempts = row.Attempts,
        Degraded = row.Degraded,
        CostUsd = Money.FromMicros(row.CostMicroUsd),
    };

    private static string Message(JobStatus status, JobCounts c, bool cancelRequested, IReadOnlyList<ErrorSummary> errors) => status switch
    {
        JobStatus.Pending => $"Queued: {c.Total} items waiting to start",
        JobStatus.Running when cancelRequested => $"Cancelling: {c.Succeeded + c.Failed} of {c.Total} items done, in-flight items finishing",
        JobStatus.Running => $"Running: {c.Succeeded + c.Failed} of {c.Total} items done" + (c.Failed > 0 ? $" ({c.Failed} failed)" : ""),
        JobStatus.Completed => $"Completed: {c.Succeeded} products",
        JobStatus.CompletedWithErrors => $"Completed with errors: {c.Succeeded} products, {c.Failed} items failed",
        JobStatus.Failed when c.Succeeded + c.Failed == 0 && errors.Count > 0 => $"Failed: {errors[0].SampleMessage}",
        JobStatus.Failed => $"Failed: all {c.Failed} items failed",
        JobStatus.Cancelled => $"Cancelled: {c.Succeeded} products kept, {c.Cancelled} items not started",
        _ => status.ToString(),
    };
}
