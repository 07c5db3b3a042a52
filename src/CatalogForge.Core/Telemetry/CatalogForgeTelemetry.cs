using System.Diagnostics;

namespace CatalogForge.Core.Telemetry;

/// <summary>
/// The names both hosts give OpenTelemetry, and CatalogForge's own spans: a job's or chunk's orchestration span (made
/// by the Durable engine) gets the job's tags, an item step (one activity run) and an ingestion part get spans of
/// their own. Tag names follow OpenTelemetry's conventions where one exists (<c>error.type</c>) and live under
/// <c>catalogforge.</c> otherwise.
/// </summary>
public static class CatalogForgeTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/> name.</summary>
    public const string Name = "CatalogForge";

    /// <summary>DurableTask.Core's own spans: <c>create_orchestration:…</c>, <c>orchestration:…</c>, <c>activity:…</c>.</summary>
    public const string DurableTaskSource = "DurableTask.Core";

    /// <summary>Every Azure SDK client's spans (Tables, Blobs, Queues, Identity); they need <see cref="EnableAzureSdkActivitySources"/>.</summary>
    public const string AzureSdkSources = "Azure.*";

    public const string TenantTag = "catalogforge.tenant.id";
    public const string JobTag = "catalogforge.job.id";
    public const string ItemIndexTag = "catalogforge.item.index";
    public const string DeploymentTag = "catalogforge.deployment";
    public const string ErrorTypeTag = "error.type";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>
    /// The Azure SDK emits <see cref="ActivitySource"/> spans only behind this switch (Azure.Core's
    /// <c>AZURE_EXPERIMENTAL_ENABLE_ACTIVITY_SOURCE</c>); a host calls this before it builds its clients.
    /// </summary>
    public static void EnableAzureSdkActivitySources() => AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

    /// <summary>A span for one run of an orchestration activity (an item step when the input names an item).</summary>
    public static Activity? StartActivityRun(string activityName, object? input)
    {
        var span = Source.StartActivity($"catalogforge.activity {activityName}", ActivityKind.Internal);
        if (span is not null)
        {
            span.SetTag("catalogforge.activity.name", activityName);
            Tag(span, input);
        }

        return span;
    }

    /// <summary>A span for writing one part (one job) of an ingest message.</summary>
    public static Activity? StartIngestPart(string tenantId, string idempotencyKey, int part)
    {
        var span = Source.StartActivity("catalogforge.ingest.part", ActivityKind.Internal);
        span?.SetTag(TenantTag, tenantId);
        span?.SetTag("catalogforge.ingest.idempotency_key", idempotencyKey);
        span?.SetTag("catalogforge.ingest.part", part);
        return span;
    }

    /// <summary>Tags the span the engine runs an orchestration under with the job (and chunk) it runs.</summary>
    public static void TagCurrent(object? input)
    {
        if (Activity.Current is { } current)
        {
            Tag(current, input);
        }
    }

    /// <summary>The deployment that served a model call, on the span of the step that made it.</summary>
    public static void TagDeployment(string deployment) => Activity.Current?.SetTag(DeploymentTag, deployment);

    /// <summary>Marks a span failed with a classified error (<c>error.type</c> is the class name).</summary>
    public static void Fail(Activity? span, string errorType, string message)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag(ErrorTypeTag, errorType);
        span.SetStatus(ActivityStatusCode.Error, message);
    }

    private static void Tag(Activity span, object? input)
    {
        if (input is not ITracedWork work)
        {
            return;
        }

        var scope = work.TraceScope;
        span.SetTag(TenantTag, scope.TenantId);
        span.SetTag(JobTag, scope.JobId);
        if (scope.ItemIndex is { } index)
        {
            span.SetTag(ItemIndexTag, index);
        }

        if (scope.ChunkStart is { } start)
        {
            span.SetTag("catalogforge.chunk.start", start);
        }

        if (scope.Deployment is { } deployment)
        {
            span.SetTag(DeploymentTag, deployment);
        }
    }
}
