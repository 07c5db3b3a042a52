using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CatalogForge.Core.Telemetry;

/// <summary>
/// Every instrument of the <c>CatalogForge</c> meter, recorded where the thing happens (the AI gateway and its
/// resilience pipeline, the pipeline's activities, ingestion, the end of a nightly run). Model calls follow
/// OpenTelemetry's GenAI conventions (<c>gen_ai.client.token.usage</c>, <c>gen_ai.client.operation.duration</c>); the
/// rest are <c>catalogforge.*</c>.
/// Nothing here reads storage: the only observable instrument reports breaker states this process has seen.
/// docs/observability.md lists names, units and tags.
/// </summary>
public static class CatalogForgeMetrics
{
    private static readonly Meter Meter = new(CatalogForgeTelemetry.Name);

    private static readonly Counter<long> FinishedItems = Meter.CreateCounter<long>(
        "catalogforge.items.finished", "{item}", "Items that ended a round, by status and error class.");

    private static readonly Counter<long> JobStatuses = Meter.CreateCounter<long>(
        "catalogforge.jobs", "{job}", "Jobs that entered a status (Pending at submit, Running at a round's start, the end status at its end).");

    private static readonly Counter<long> ModelCalls = Meter.CreateCounter<long>(
        "catalogforge.ai.calls", "{call}", "Logical model calls by deployment and outcome (success, cache_hit, failure).");

    private static readonly Histogram<long> TokenUsage = Meter.CreateHistogram<long>(
        "gen_ai.client.token.usage", "{token}", "Tokens used per model call, by token type (input, output); cache hits use none.");

    private static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        "gen_ai.client.operation.duration", "s", "Time of one deployment's model call, retries and rate-limiter waits included.");

    private static readonly Counter<double> Cost = Meter.CreateCounter<double>(
        "catalogforge.ai.cost", "USD", "Estimated cost of model calls (cache hits cost nothing).");

    private static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "catalogforge.ai.retries", "{retry}", "Attempts of a model call after its first, per deployment.");

    private static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(
        "catalogforge.ai.rate_limited", "{response}", "429 responses received, per deployment.");

    private static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>(
        "catalogforge.ai.fallbacks", "{call}", "Model calls served by a later deployment of the chain than the first.");

    private static readonly Histogram<double> RateLimiterWait = Meter.CreateHistogram<double>(
        "catalogforge.ai.rate_limiter.wait", "s", "Time a request waited in the client-side rate limiter before it was sent.");

    private static readonly Histogram<double> ActivityDuration = Meter.CreateHistogram<double>(
        "catalogforge.activity.duration", "s", "Run time of one orchestration activity, by name and outcome.");

    private static readonly Counter<long> IngestMessages = Meter.CreateCounter<long>(
        "catalogforge.ingest.messages", "{message}", "Ingest queue deliveries by outcome (Accepted, Poison, Retry).");

    private static readonly Counter<long> IngestRows = Meter.CreateCounter<long>(
        "catalogforge.ingest.rows", "{row}", "Rows read from accepted ingest messages, valid or not.");

    private static readonly Counter<long> PoisonMessages = Meter.CreateCounter<long>(
        "catalogforge.ingest.poison_messages", "{message}", "Ingest messages set aside as poison, by error class.");

    private static readonly Counter<long> NightlyRuns = Meter.CreateCounter<long>(
        "catalogforge.nightly.runs", "{run}", "Nightly runs that ended, by status (Completed, Failed).");

    private static readonly Histogram<double> NightlyRunDuration = Meter.CreateHistogram<double>(
        "catalogforge.nightly.run.duration", "s", "Wall time of a nightly run from its start to its end, by status.");

    private static readonly ConcurrentDictionary<string, int> BreakerStates = new(StringComparer.OrdinalIgnoreCase);

    static CatalogForgeMetrics() =>
        Meter.CreateObservableGauge("catalogforge.ai.circuit_breaker.state",
            () => BreakerStates.Select(pair => new Measurement<int>(pair.Value, new KeyValuePair<string, object?>(CatalogForgeTelemetry.DeploymentTag, pair.Key))),
            "{state}", "Last breaker state this process saw per deployment: 0 closed, 1 half-open, 2 open.");

    public static void ItemFinished(string tenantId, string status, string? errorClass, int count = 1) =>
        FinishedItems.Add(count, WithError(new TagList { Tenant(tenantId), { "catalogforge.item.status", status } }, errorClass));

    public static void JobEntered(string tenantId, string status) =>
        JobStatuses.Add(1, Tenant(tenantId), new("catalogforge.job.status", status));

    /// <summary>One logical model call as the usage ledger records it: tokens, cost and what resilience cost.</summary>
    public static void ModelCall(ModelCallRecord call)
    {
        var outcome = call.ErrorClass is not null ? "failure" : call.CacheHit ? "cache_hit" : "success";
        var tags = new TagList
        {
            Tenant(call.TenantId),
            { CatalogForgeTelemetry.DeploymentTag, call.Deployment },
            { "gen_ai.operation.name", call.Operation },
            { "gen_ai.provider.name", call.Provider },
            { "gen_ai.request.model", call.Model },
        };
        var withOutcome = tags;
        withOutcome.Add("catalogforge.ai.outcome", outcome);
        ModelCalls.Add(1, WithError(withOutcome, call.ErrorClass));
        if (outcome == "success")
        {
            TokenUsage.Record(call.InputTokens, With(tags, "gen_ai.token.type", "input"));
            TokenUsage.Record(call.OutputTokens, With(tags, "gen_ai.token.type", "output"));
            Cost.Add((double)call.CostUsd, tags);
        }

        if (call.FallbackFrom is { } first)
        {
            Fallbacks.Add(1, With(tags, "catalogforge.ai.fallback_from", first));
        }
    }

    public static void ModelCallDuration(TimeSpan elapsed, string deployment, string operation, string model, string? errorClass) =>
        OperationDuration.Record(elapsed.TotalSeconds, WithError(new TagList
        {
            { CatalogForgeTelemetry.DeploymentTag, deployment },
            { "gen_ai.operation.name", operation },
            { "gen_ai.request.model", model },
        }, errorClass));

    public static void Retry(string deployment) => Retries.Add(1, new KeyValuePair<string, object?>(CatalogForgeTelemetry.DeploymentTag, deployment));

    public static void RateLimitedResponse(string deployment) =>
        RateLimited.Add(1, new KeyValuePair<string, object?>(CatalogForgeTelemetry.DeploymentTag, deployment));

    public static void RateLimiterWaited(string deployment, TimeSpan waited) =>
        RateLimiterWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>(CatalogForgeTelemetry.DeploymentTag, deployment));

    /// <summary>0 closed, 1 half-open, 2 open: the order of the breaker's states.</summary>
    public static void CircuitBreakerState(string deployment, int state) => BreakerStates[deployment] = state;

    public static void ActivityRan(string activityName, TimeSpan elapsed, string? errorClass) =>
        ActivityDuration.Record(elapsed.TotalSeconds, WithError(new TagList
        {
            { "catalogforge.activity.name", activityName },
            { "catalogforge.activity.outcome", errorClass is null ? "success" : "failure" },
        }, errorClass));

    /// <param name="outcome">Accepted, Poison or Retry.</param>
    /// <param name="errorClass">Why it was not accepted; null when it was.</param>
    public static void IngestMessage(string outcome, string? errorClass, int rows, int invalidRows)
    {
        IngestMessages.Add(1, WithError(new TagList { { "catalogforge.ingest.outcome", outcome } }, errorClass));
        if (outcome == "Poison")
        {
            PoisonMessages.Add(1, WithError(default, errorClass));
        }

        if (rows > invalidRows)
        {
            IngestRows.Add(rows - invalidRows, new KeyValuePair<string, object?>("catalogforge.ingest.row.valid", true));
        }

        if (invalidRows > 0)
        {
            IngestRows.Add(invalidRows, new KeyValuePair<string, object?>("catalogforge.ingest.row.valid", false));
        }
    }

    /// <param name="duration">From the run row's start to now; null when the run ended before it had a row.</param>
    public static void NightlyRunEnded(string tenantId, string status, TimeSpan? duration, string? errorClass)
    {
        var tags = WithError(new TagList { Tenant(tenantId), { "catalogforge.nightly.status", status } }, errorClass);
        NightlyRuns.Add(1, tags);
        if (duration is { } elapsed)
        {
            NightlyRunDuration.Record(Math.Max(0, elapsed.TotalSeconds), tags);
        }
    }

    private static KeyValuePair<string, object?> Tenant(string tenantId) => new(CatalogForgeTelemetry.TenantTag, tenantId);

    /// <summary><c>error.type</c> only on failures, as the conventions ask.</summary>
    private static TagList WithError(TagList tags, string? errorClass) =>
        errorClass is null ? tags : With(tags, CatalogForgeTelemetry.ErrorTypeTag, errorClass);

    private static TagList With(TagList tags, string key, object? value)
    {
        tags.Add(key, value);
        return tags;
    }
}

/// <param name="Operation">The GenAI operation: <c>chat</c>, <c>embeddings</c> or <c>image_generation</c>.</param>
/// <param name="ErrorClass">Null when the call returned a result.</param>
public sealed record ModelCallRecord(
    string TenantId,
    string Operation,
    string Provider,
    string Deployment,
    string Model,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd,
    bool CacheHit,
    string? FallbackFrom,
    string? ErrorClass);
