using System.Net;
using System.Text;
using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Ai.Resilience;

public enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>Section <c>Ai:CircuitBreaker</c>.</summary>
public sealed class CircuitBreakerOptions
{
    public const string Section = "Ai:CircuitBreaker";

    /// <summary>Consecutive counted failures that open the breaker.</summary>
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How long an open breaker rejects calls before it lets one probe through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (FailureThreshold is < 1 or > 10_000)
        {
            errors.Add($"{Section}:FailureThreshold must be between 1 and 10000 (was {FailureThreshold}).");
        }

        if (BreakDuration <= TimeSpan.Zero || BreakDuration > TimeSpan.FromDays(1))
        {
            errors.Add($"{Section}:BreakDuration must be more than zero and at most one day (was {BreakDuration}).");
        }

        return errors;
    }
}

/// <summary>One deployment's breaker as stored.</summary>
public sealed record CircuitBreakerSnapshot(
    string Deployment,
    CircuitState State,
    int ConsecutiveFailures,
    DateTimeOffset? OpenedAt,
    TimeSpan BreakDuration,
    DateTimeOffset? ProbeStartedAt);

/// <summary>
/// Circuit breaker state per deployment in the <c>CircuitBreakers</c> table, shared by every process that uses the
/// same storage account. Every change is a read-modify-write guarded by the row's ETag, so concurrent callers never
/// lose an update and exactly one of them wins the half-open probe.
/// </summary>
public sealed class CircuitBreakerStore
{
    private const string PartitionKey = "breaker";
    private const int MaxConflictRetries = 20;

    private readonly TableClient _table;
    private readonly CircuitBreakerOptions _options;
    private readonly TimeProvider _time;

    public CircuitBreakerStore(TableClient table, CircuitBreakerOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _table = table;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Failures of these classes count towards opening the breaker; others (bad requests, auth…) say nothing about the deployment's health.</summary>
    public static bool CountsAsFailure(ErrorClass errorClass) =>
        errorClass is ErrorClass.ServerError or ErrorClass.Timeout or ErrorClass.Network or ErrorClass.RateLimited;

    public Task CreateTableIfNotExistsAsync(CancellationToken cancellationToken = default) =>
        _table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>
    /// True when calls to the deployment must not be made now. An open breaker whose break duration has passed turns
    /// half-open and lets exactly one caller through (this returns false for it); until that probe reports, others see it open.
    /// A probe that never reports is replaced after another break duration.
    /// </summary>
    public async Task<bool> IsOpenAsync(string deployment, CancellationToken cancellationToken = default)
    {
        var (entity, exists) = await ReadAsync(deployment, cancellationToken);
        if (!exists || entity.State == nameof(CircuitState.Closed))
        {
            return false;
        }

        var now = _time.GetUtcNow();
        var breakDuration = TimeSpan.FromMilliseconds(entity.BreakDurationMs);
        var waitingSince = entity.State == nameof(CircuitState.HalfOpen) ? entity.ProbeStartedAt : entity.OpenedAt;
        if (waitingSince is { } since && now < since + breakDuration)
        {
            return true;
        }

        // Time for a probe: whoever moves the row to HalfOpen first (ETag-guarded) is the probe; the losers stay out.
        entity.State = nameof(CircuitState.HalfOpen);
        entity.ProbeStartedAt = now;
        return !await TryReplaceAsync(entity, cancellationToken);
    }

    /// <summary>A call succeeded: the breaker closes and the failure count resets.</summary>
    public Task<CircuitBreakerSnapshot> RecordSuccessAsync(string deployment, CancellationToken cancellationToken = default) =>
        UpdateAsync(deployment, entity =>
        {
            if (entity.State == nameof(CircuitState.Closed) && entity.ConsecutiveFailures == 0)
            {
                return false;
            }

            entity.State = nameof(CircuitState.Closed);
            entity.ConsecutiveFailures = 0;
            entity.OpenedAt = null;
            entity.ProbeStartedAt = null;
            return true;
        }, cancellationToken);

    /// <summary>
    /// A call failed. Counted classes (<see cref="CountsAsFailure"/>) add to the consecutive failures and open the breaker at the
    /// threshold; a failed half-open probe opens it again at once. Other classes change nothing.
    /// </summary>
    public Task<CircuitBreakerSnapshot> RecordFailureAsync(string deployment, ErrorClass errorClass, CancellationToken cancellationToken = default) =>
        UpdateAsync(deployment, entity =>
        {
            if (!CountsAsFailure(errorClass))
            {
                return false;
            }

            var now = _time.GetUtcNow();
            entity.ConsecutiveFailures++;
            if (entity.State == nameof(CircuitState.HalfOpen)
                || (entity.State == nameof(CircuitState.Closed) && entity.ConsecutiveFailures >= _options.FailureThreshold))
            {
                entity.State = nameof(CircuitState.Open);
                entity.OpenedAt = now;
                entity.ProbeStartedAt = null;
                entity.BreakDurationMs = _options.BreakDuration.TotalMilliseconds;
            }

            return true;
        }, cancellationToken);

    public async Task<CircuitBreakerSnapshot> GetAsync(string deployment, CancellationToken cancellationToken = default)
    {
        var (entity, _) = await ReadAsync(deployment, cancellationToken);
        return ToSnapshot(deployment, entity);
    }

    private async Task<CircuitBreakerSnapshot> UpdateAsync(string deployment, Func<BreakerEntity, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var (entity, exists) = await ReadAsync(deployment, cancellationToken);
            if (!change(entity))
            {
                return ToSnapshot(deployment, entity);
            }

            var written = exists ? await TryReplaceAsync(entity, cancellationToken) : await TryAddAsync(entity, cancellationToken);
            if (written)
            {
                return ToSnapshot(deployment, entity);
            }
        }

        throw new ClassifiedException(ErrorClass.Storage, $"Circuit breaker for '{deployment}' kept changing under us ({MaxConflictRetries} ETag conflicts).");
    }

    private async Task<(BreakerEntity Entity, bool Exists)> ReadAsync(string deployment, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        var rowKey = RowKeyFor(deployment);
        var response = await _table.GetEntityIfExistsAsync<BreakerEntity>(PartitionKey, rowKey, cancellationToken: cancellationToken);
        if (response.HasValue && response.Value is { } entity)
        {
            return (entity, true);
        }

        return (new BreakerEntity
        {
            PartitionKey = PartitionKey,
            RowKey = rowKey,
            Deployment = deployment,
            State = nameof(CircuitState.Closed),
            BreakDurationMs = _options.BreakDuration.TotalMilliseconds,
        }, false);
    }

    private async Task<bool> TryReplaceAsync(BreakerEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task<bool> TryAddAsync(BreakerEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    private static CircuitBreakerSnapshot ToSnapshot(string deployment, BreakerEntity entity) => new(
        deployment,
        Enum.TryParse<CircuitState>(entity.State, out var state) ? state : CircuitState.Closed,
        entity.ConsecutiveFailures,
        entity.OpenedAt,
        TimeSpan.FromMilliseconds(entity.BreakDurationMs),
        entity.ProbeStartedAt);

    /// <summary>Deployment names may hold characters table keys forbid ('/', '\', '#', '?', control characters): those are escaped.</summary>
    internal static string RowKeyFor(string deployment)
    {
        var builder = new StringBuilder(deployment.Length);
        foreach (var c in deployment.ToLowerInvariant())
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private sealed class BreakerEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";

        public string RowKey { get; set; } = "";

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Deployment { get; set; } = "";

        public string State { get; set; } = nameof(CircuitState.Closed);

        public int ConsecutiveFailures { get; set; }

        public DateTimeOffset? OpenedAt { get; set; }

        public double BreakDurationMs { get; set; }

        public DateTimeOffset? ProbeStartedAt { get; set; }
    }
}
