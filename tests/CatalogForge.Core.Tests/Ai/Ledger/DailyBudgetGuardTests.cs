using CatalogForge.Core.Ai.Ledger;
using CatalogForge.Core.Domain;
using CatalogForge.Testing;

namespace CatalogForge.Core.Tests.Ai.Ledger;

public sealed class DailyBudgetGuardTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private async Task<(DailyBudgetGuard Guard, ManualTimeProvider Time)> CreateAsync(BudgetOptions options)
    {
        var (tables, _) = await LedgerStorage.CreateAsync(azurite);
        var time = new ManualTimeProvider(Noon);
        return (new DailyBudgetGuard(tables, new StaticOptionsMonitor<BudgetOptions>(options), time), time);
    }

    [Fact]
    public async Task Parallel_reservations_never_exceed_the_budget()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = LedgerStorage.NewTenant("parallel");
        var (guard, _) = await CreateAsync(new BudgetOptions { DefaultDailyUsd = 1.00m });

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                return (Reservation: await guard.ReserveAsync(tenant, 0.10m, ct), Error: (ClassifiedException?)null);
            }
            catch (ClassifiedException ex)
            {
                return (Reservation: (BudgetReservation?)null, Error: ex);
            }
        }));

        Assert.Equal(10, attempts.Count(a => a.Reservation is not null));
        Assert.Equal(10, attempts.Count(a => a.Error is not null));
        Assert.All(attempts.Where(a => a.Error is not null), a => Assert.Equal(ErrorClass.BudgetExceeded, a.Error!.ErrorClass));

        var totals = await guard.GetTodayAsync(tenant, ct);
        Assert.Equal(1.00m, totals.ReservedUsd);
        Assert.Equal(0m, totals.SpentUsd);
    }

    [Fact]
    public async Task Many_concurrent_calls_under_a_limit_all_settle_and_the_totals_add_up()
    {
        // 64 = the default slot count: every call of a tenant reserving and settling at once must not fail on contention.
        var ct = TestContext.Current.CancellationToken;
        var tenant = LedgerStorage.NewTenant("contended");
        var (guard, _) = await CreateAsync(new BudgetOptions { DefaultDailyUsd = 100m });

        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            var reservation = await guard.ReserveAsync(tenant, 0.50m, ct);
            await reservation.SettleAsync(0.25m, ct);
        }));

        var totals = await guard.GetTodayAsync(tenant, ct);
        Assert.Equal((0m, 16m), (totals.ReservedUsd, totals.SpentUsd));
    }

    [Fact]
    public async Task Exceeding_throws_with_budget_tenant_and_spend_and_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = LedgerStorage.NewTenant("exceed");
        var (guard, _) = await CreateAsync(new BudgetOptions { DefaultDailyUsd = 5m, Tenants = { [tenant] = 1.00m } });

        var first = await guard.ReserveAsync(tenant, 0.50m, ct);
        await first.SettleAsync(0.70m, ct);

        var ex = await Assert.ThrowsAsync<ClassifiedException>(() => guard.ReserveAsync(tenant, 0.40m, ct));
        Assert.Equal(ErrorClass.BudgetExceeded, ex.ErrorClass);
        Assert.Contains("$1.00", ex.Message, StringComparison.Ordinal);
        Assert.Contains(tenant, ex.Message, StringComparison.Ordinal);
        Assert.Contains("$0.70 already spent", ex.Message, StringComparison.Ordinal);

        var totals = await guard.GetTodayAsync(tenant, ct);
        Assert.Equal(0m, totals.ReservedUsd);
        Assert.Equal(0.70m, totals.SpentUsd);
        Assert.Equal(0.30m, totals.RemainingUsd);

        // What is left still fits.
        await guard.ReserveAsync(tenant, 0.30m, ct);
    }

    [Fact]
    public async Task Settle_and_release_move_the_estimate_out_of_reserved()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = LedgerStorage.NewTenant("settle");
        var (guard, _) = await CreateAsync(new BudgetOptions { DefaultDailyUsd = 10m });

        var a = await guard.ReserveAsync(tenant, 0.25m, ct);
        var b = await guard.ReserveAsync(tenant, 0.40m, ct);
        var c = await guard.ReserveAsync(tenant, 1.00m, ct);
        var totals = await guard.GetTodayAsync(tenant, ct);
        Assert.Equal(1.65m, totals.ReservedUsd);

        await a.SettleAsync(0.123456m, ct);
        await b.ReleaseAsync(ct);
        totals = await guard.GetTodayAsync(tenant, ct);
        Assert.Equal(1.00m, totals.ReservedUsd);
        Assert.Equal(0.123456m, totals.SpentUsd);

        await c.SettleAsync(1.50m, ct); // actual may exceed the estimate
        await c.ReleaseAsync(ct);       // no-op after settle
        await Assert.ThrowsAsync<InvalidOperationException>(() => a.SettleAsync(1m, ct));

        totals = await guard.GetTodayAsync(tenant, ct);
        Assert.Equal(0m, totals.ReservedUsd);
        Assert.Equal(1.623456m, totals.SpentUsd);
    }

    [Fact]
    public async Task Without_a_limit_calls_are_never_refused_and_the_budget_row_is_not_touched()
    {
        // Spending per day stays visible without the row: every call is in the Usage ledger (GET /api/usage, see
        // AiCoreJobTests); the row exists only to enforce a limit, and a single row per tenant is where concurrent
        // calls used to contend.
        var ct = TestContext.Current.CancellationToken;
        var tenant = LedgerStorage.NewTenant("unlimited");
        var (guard, _) = await CreateAsync(new BudgetOptions { DefaultDailyUsd = 1m, Tenants = { [tenant] = 0m } });

        var reservations = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => guard.ReserveAsync(tenant, 1_000m, ct)));
        await Task.WhenAll(reservations.Select(r => r.SettleAsync(1_000m, ct)));

        Assert.All(reservations, r => Assert.False(r.IsTracked));
        Assert.All(reservations, r => Assert.True(r.IsCompleted));
        await Assert.ThrowsAsync<InvalidOperationException>(() => reservations[0].SettleAsync(1m, ct));
        var totals = await guard.GetTodayAsync(tenant, ct);
        Assert.Equal((0m, 0m, 0m), (totals.BudgetUsd, totals.ReservedUsd, totals.SpentUsd));
        Assert.Equal(decimal.MaxValue, totals.RemainingUsd);

    }

    [Fact]
    public async Task Without_configuration_a_tenant_gets_the_default_daily_budget()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = LedgerStorage.NewTenant("absent");
        var (unconfigured, _) = await CreateAsync(new BudgetOptions());

        var within = await unconfigured.ReserveAsync(tenant, BudgetOptions.DefaultDailyUsdValue - 1m, ct);
        Assert.True(within.IsTracked);
        var ex = await Assert.ThrowsAsync<ClassifiedException>(() => unconfigured.ReserveAsync(tenant, 2m, ct));

        Assert.Equal(ErrorClass.BudgetExceeded, ex.ErrorClass);
        Assert.Equal(BudgetOptions.DefaultDailyUsdValue, (await unconfigured.GetTodayAsync(tenant, ct)).BudgetUsd);
    }

    [Fact]
    public async Task A_limit_counts_the_calls_made_while_it_is_configured()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = LedgerStorage.NewTenant("limited");
        var options = new BudgetOptions { DefaultDailyUsd = 0m };
        var (guard, _) = await CreateAsync(options);

        var free = await guard.ReserveAsync(tenant, 5m, ct);
        await free.SettleAsync(5m, ct);

        options.Tenants[tenant] = 1m;
        var limited = await guard.ReserveAsync(tenant, 0.60m, ct);
        Assert.True(limited.IsTracked);
        await limited.SettleAsync(0.60m, ct);

        var ex = await Assert.ThrowsAsync<ClassifiedException>(() => guard.ReserveAsync(tenant, 0.60m, ct));
        Assert.Equal(ErrorClass.BudgetExceeded, ex.ErrorClass);
        var totals = await guard.GetTodayAsync(tenant, ct);
        Assert.Equal((1m, 0m, 0.60m), (totals.BudgetUsd, totals.ReservedUsd, totals.SpentUsd));
    }

    [Fact]
    public async Task A_new_day_starts_a_new_budget_and_settles_go_to_the_reservation_day()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = LedgerStorage.NewTenant("rollover");
        var (guard, time) = await CreateAsync(new BudgetOptions { DefaultDailyUsd = 1m });
        time.Now = new DateTimeOffset(2026, 11, 23, 23, 59, 0, TimeSpan.Zero);

        var late = await guard.ReserveAsync(tenant, 0.60m, ct);
        await Assert.ThrowsAsync<ClassifiedException>(() => guard.ReserveAsync(tenant, 0.60m, ct));

        time.Now = time.Now.AddMinutes(2); // 2026-11-24 00:01 UTC
        Assert.Equal("20261124", guard.Today);
        var next = await guard.ReserveAsync(tenant, 0.60m, ct);
        await late.SettleAsync(0.50m, ct);

        var yesterday = await guard.GetAsync(tenant, "20261123", ct);
        Assert.Equal(0m, yesterday.ReservedUsd);
        Assert.Equal(0.50m, yesterday.SpentUsd);
        var today = await guard.GetTodayAsync(tenant, ct);
        Assert.Equal(0.60m, today.ReservedUsd);
        Assert.Equal(0m, today.SpentUsd);
        Assert.Equal("20261124", next.Day);
    }
}
