using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// Runs activity work with at most <see cref="WorkflowEngineOptions.MaxConcurrentActivities"/> at once across all
/// instances. Today the queue is FIFO (SemaphoreSlim); <see cref="ActivityDispatch"/> already carries the priority
/// and fairness key a priority / per-tenant scheduler will use, so only this class has to change for that.
/// Once <see cref="WorkflowEngineLifetime.Stopping"/> fires, waiting work fails with <see cref="OperationCanceledException"/>
/// and <see cref="DrainAsync"/> waits for the work already running.
/// </summary>
internal sealed class ActivityScheduler : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly WorkflowEngineLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;

    public ActivityScheduler(IOptions<WorkflowEngineOptions> options, WorkflowEngineLifetime lifetime, TimeProvider time)
    {
        _slots = new SemaphoreSlim(options.Value.MaxConcurrentActivities, options.Value.MaxConcurrentActivities);
        _lifetime = lifetime;
        _time = time;
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Waits for a slot, then runs <paramref name="work"/>; the slot counts as in flight until the work (including its memo write) ends.</summary>
    /// <exception cref="OperationCanceledException">The engine stopped before a slot was free.</exception>
    public async Task<T> RunAsync<T>(ActivityDispatch dispatch, Func<Task<T>> work)
    {
        // dispatch.Priority / dispatch.FairnessKey: ordering and per-tenant caps belong here when the priority scheduler lands.
        _ = dispatch;
        await _slots.WaitAsync(_lifetime.Stopping);
        Interlocked.Increment(ref _inFlight);
        try
        {
            // A slot freed at the moment shutdown began must not start new work.
            _lifetime.Stopping.ThrowIfCancellationRequested();
            return await work();
        }
        finally
        {
            _slots.Release();
            if (Interlocked.Decrement(ref _inFlight) == 0 && _lifetime.IsStopping)
            {
                _drained.TrySetResult();
            }
        }
    }

    /// <summary>After shutdown began: true once nothing is in flight, false if <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (!_lifetime.IsStopping)
        {
            throw new InvalidOperationException("Drain only after the engine began shutting down.");
        }

        if (InFlight == 0)
        {
            _drained.TrySetResult();
        }

        using var delay = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var finished = await Task.WhenAny(_drained.Task, Task.Delay(timeout, _time, delay.Token));
        await delay.CancelAsync();
        return finished == _drained.Task;
    }

    public void Dispose() => _slots.Dispose();
}
