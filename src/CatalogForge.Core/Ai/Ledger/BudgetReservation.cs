namespace CatalogForge.Core.Ai.Ledger;

/// <summary>
/// An estimate held against a tenant's daily budget. Call <see cref="SettleAsync"/> with the actual cost once the
/// model call succeeded, or <see cref="ReleaseAsync"/> when it failed. Either applies to the day the reservation was made.
/// An untracked reservation (tenant without a limit) holds nothing: settling or releasing it writes nothing.
/// </summary>
public sealed class BudgetReservation
{
    private readonly DailyBudgetGuard? _guard;
    private int _completed;

    internal BudgetReservation(DailyBudgetGuard? guard, string tenantId, string day, long estimateMicroUsd)
    {
        _guard = guard;
        TenantId = tenantId;
        Day = day;
        EstimateMicroUsd = estimateMicroUsd;
    }

    public string TenantId { get; }

    /// <summary>The budget day (<c>yyyyMMdd</c>, UTC) the estimate was reserved on.</summary>
    public string Day { get; }

    public long EstimateMicroUsd { get; }

    public decimal EstimatedUsd => Money.FromMicros(EstimateMicroUsd);

    /// <summary>False when the tenant had no limit: the estimate was not written to the day's row.</summary>
    public bool IsTracked => _guard is not null;

    /// <summary>True once settled or released.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    internal static BudgetReservation Untracked(string tenantId, string day, long estimateMicroUsd) =>
        new(null, tenantId, day, estimateMicroUsd);

    /// <summary>Moves the estimate out of Reserved and adds <paramref name="actualUsd"/> to Spent. Only once.</summary>
    public async Task SettleAsync(decimal actualUsd, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actualUsd);
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            throw new InvalidOperationException("This budget reservation was already settled or released.");
        }

        if (_guard is null)
        {
            return;
        }

        try
        {
            await _guard.ApplyAsync(TenantId, Day, -EstimateMicroUsd, Money.ToMicros(actualUsd), cancellationToken);
        }
        catch
        {
            Volatile.Write(ref _completed, 0);
            throw;
        }
    }

    /// <summary>Gives the estimate back (the call failed). A no-op when already settled or released.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0 || _guard is null)
        {
            return;
        }

        try
        {
            await _guard.ApplyAsync(TenantId, Day, -EstimateMicroUsd, 0, cancellationToken);
        }
        catch
        {
            Volatile.Write(ref _completed, 0);
            throw;
        }
    }
}
