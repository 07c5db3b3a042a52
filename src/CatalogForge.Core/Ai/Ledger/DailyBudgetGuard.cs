using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ai.Ledger;

/// <summary>
/// Per-tenant daily AI budgets. Under a limit, each call reserves its estimate first (optimistic concurrency on the
/// day's totals row, retried on 412), so concurrent callers can never jointly overshoot the cap. A tenant without a
/// limit has nothing to guard: its calls neither read nor write the row (every call's cost is in the Usage ledger,
/// which <c>GET /api/usage</c> reads), so its concurrent calls do not contend on one row.
/// </summary>
/// <remarks>
/// The row counts only what was spent while a limit was configured: a limit set in the middle of a day starts from
/// the calls made after it.
/// </remarks>
public sealed class DailyBudgetGuard
{
    private const int MaxAttempts = 200;

    private readonly TableClient _table;
    private readonly IOptionsMonitor<BudgetOptions> _options;
    private readonly TimeProvider _time;

    // One writer per tenant in this process: concurrent calls of a tenant queue here instead of racing on the row's ETag
    // (at 64 slots they used to exhaust the retries below). The ETag loop still guards against other processes.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _writers = new(StringComparer.Ordinal);

    public DailyBudgetGuard(TableServiceClient service, IOptionsMonitor<BudgetOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(service);
        _table = service.GetTableClient(StorageNames.Tables.Budgets);
        _options = options;
        _time = time;
    }

    /// <summary>The current budget day (UTC) as stored in RowKey.</summary>
    public string Today => _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reserves <paramref name="estimatedUsd"/> against today's budget. Throws <see cref="ClassifiedException"/> with
    /// <see cref="ErrorClass.BudgetExceeded"/> (writing nothing) when reserved + spent + estimate would exceed it.
    /// Without a limit for the tenant the reservation is untracked: nothing is read or written, now or on settle.
    /// </summary>
    public async Task<BudgetReservation> ReserveAsync(string tenantId, decimal estimatedUsd, CancellationToken cancellationToken = default)
    {
        ValidateTenant(tenantId);
        ArgumentOutOfRangeException.ThrowIfNegative(estimatedUsd);
        var estimate = Money.ToMicros(estimatedUsd);
        var budgetUsd = _options.CurrentValue.DailyBudgetFor(tenantId);
        var day = Today;
        if (budgetUsd <= 0)
        {
            return BudgetReservation.Untracked(tenantId, day, estimate);
        }

        var budget = Money.ToMicros(budgetUsd);
        await UpdateAsync(tenantId, day, row =>
        {
            if (row.ReservedMicroUsd + row.SpentMicroUsd + estimate > budget)
            {
                throw new ClassifiedException(
                    ErrorClass.BudgetExceeded,
                    string.Create(CultureInfo.InvariantCulture,
                        $"Daily AI budget of ${budgetUsd:0.00####} for tenant '{tenantId}' would be exceeded on {day}: " +
                        $"${Money.FromMicros(row.SpentMicroUsd):0.00####} already spent and ${Money.FromMicros(row.ReservedMicroUsd):0.00####} reserved; " +
                        $"this call needs an estimated ${estimatedUsd:0.00####}."));
            }

            row.ReservedMicroUsd += estimate;
        }, cancellationToken);

        return new BudgetReservation(this, tenantId, day, estimate);
    }

    /// <summary>Today's totals for a tenant (zeros when nothing was reserved yet, or the tenant has no limit).</summary>
    public Task<BudgetTotals> GetTodayAsync(string tenantId, CancellationToken cancellationToken = default) =>
        GetAsync(tenantId, Today, cancellationToken);

    public async Task<BudgetTotals> GetAsync(string tenantId, string day, CancellationToken cancellationToken = default)
    {
        ValidateTenant(tenantId);
        var row = await _table.GetEntityIfExistsAsync<BudgetEntity>(tenantId, day, cancellationToken: cancellationToken);
        var budgetUsd = _options.CurrentValue.DailyBudgetFor(tenantId);
        return row.HasValue && row.Value is { } e
            ? new BudgetTotals(tenantId, day, budgetUsd, Money.FromMicros(e.ReservedMicroUsd), Money.FromMicros(e.SpentMicroUsd))
            : new BudgetTotals(tenantId, day, budgetUsd, 0m, 0m);
    }

    internal Task ApplyAsync(string tenantId, string day, long reservedDelta, long spentDelta, CancellationToken cancellationToken) =>
        UpdateAsync(tenantId, day, row =>
        {
            row.ReservedMicroUsd = Math.Max(0, row.ReservedMicroUsd + reservedDelta);
            row.SpentMicroUsd += spentDelta;
        }, cancellationToken);

    /// <summary>Read-modify-write of the day's row guarded by its ETag; 409 on insert / 412 on update → re-read and retry.</summary>
    private async Task UpdateAsync(string tenantId, string day, Action<BudgetEntity> mutate, CancellationToken cancellationToken)
    {
        var writer = _writers.GetOrAdd(tenantId, _ => new SemaphoreSlim(1, 1));
        await writer.WaitAsync(cancellationToken);
        try
        {
            await UpdateOnceAsync(tenantId, day, mutate, cancellationToken);
        }
        finally
        {
            writer.Release();
        }
    }

    private async Task UpdateOnceAsync(string tenantId, string day, Action<BudgetEntity> mutate, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var existing = await _table.GetEntityIfExistsAsync<BudgetEntity>(tenantId, day, cancellationToken: cancellationToken);
            var row = existing.HasValue && existing.Value is { } e ? e : new BudgetEntity { PartitionKey = tenantId, RowKey = day };
            mutate(row);
            try
            {
                if (existing.HasValue)
                {
                    await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await _table.AddEntityAsync(row, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                if (attempt >= MaxAttempts)
                {
                    throw new ClassifiedException(
                        ErrorClass.Storage,
                        $"Budget row {tenantId}/{day} stayed contended after {MaxAttempts} attempts.",
                        ex);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + Math.Min(attempt, 20) * 2)), cancellationToken);
            }
        }
    }

    private static void ValidateTenant(string tenantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        if (tenantId.AsSpan().IndexOfAny("/\\#?") >= 0 || tenantId.Any(char.IsControl))
        {
            throw new ArgumentException($"Tenant id '{tenantId}' contains characters not allowed in table keys.", nameof(tenantId));
        }
    }
}

/// <summary>A tenant's totals for one day. <see cref="BudgetUsd"/> 0 = unlimited.</summary>
public sealed record BudgetTotals(string TenantId, string Day, decimal BudgetUsd, decimal ReservedUsd, decimal SpentUsd)
{
    public decimal RemainingUsd => BudgetUsd <= 0 ? decimal.MaxValue : Math.Max(0, BudgetUsd - ReservedUsd - SpentUsd);
}
