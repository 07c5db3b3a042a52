using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// Runs activity work with at most <see cref="WorkflowEngineOptions.MaxConcurrentActivities"/> at once across all
/// instances and at most <see cref="WorkflowEngineOptions.MaxConcurrentActivitiesPerTenant"/> per tenant, in the order
/// of <see cref="FairDispatchQueue{T}"/>: high before normal before low priority, tenants in turn within a priority,
/// and within a tenant and priority the calls of the earliest-started instance first (<see cref="ActivityDispatch.Order"/>).
/// Once <see cref="WorkflowEngineLifetime.Stopping"/> fires, waiting work fails with <see cref="OperationCanceledException"/>
/// and <see cref="DrainAsync"/> waits for the work already running.
/// </summary>
internal sealed class ActivityScheduler : IDisposable
{
    /// <summary>Fairness key of work that belongs to no tenant (system workflows).</summary>
    private const string SystemKey = "";

    private readonly Lock _gate = new();
    private readonly FairDispatchQueue<TaskCompletionSource> _queue;
    private readonly WorkflowEngineLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _onStopping;
    private int _inFlight;

    public ActivityScheduler(IOptions<WorkflowEngineOptions> options, WorkflowEngineLifetime lifetime, TimeProvider time)
    {
        var settings = options.Value;
        _queue = new FairDispatchQueue<TaskCompletionSource>(settings.MaxConcurrentActivities, settings.EffectivePerTenantCap);
        _lifetime = lifetime;
        _time = time;
        _onStopping = lifetime.Stopping.Register(FailWaiting);
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Waits for a slot, then runs <paramref name="work"/>; the slot counts as in flight until the work (including its memo write) ends.</summary>
    /// <exception cref="OperationCanceledException">The engine stopped before a slot was free.</exception>
    public async Task<T> RunAsync<T>(ActivityDispatch dispatch, Func<Task<T>> work)
    {
        var key = dispatch.FairnessKey ?? SystemKey;
        await AcquireAsync(dispatch, key);
        Interlocked.Increment(ref _inFlight);
        try
        {
            // A slot freed at the moment shutdown began must not start new work.
            _lifetime.Stopping.ThrowIfCancellationRequested();
            return await work();
        }
        finally
        {
            Release(key);
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

    public void Dispose() => _onStopping.Dispose();

    private Task AcquireAsync(ActivityDispatch dispatch, string key)
    {
        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _lifetime.Stopping.ThrowIfCancellationRequested();
            _queue.Enqueue(dispatch.Priority, key, turn, dispatch.Order);
            StartAllowed();
        }

        return turn.Task;
    }

    private void Release(string key)
    {
        lock (_gate)
        {
            _queue.Complete(key);
            StartAllowed();
        }
    }

    // Under _gate. Completing a turn only schedules its continuation (RunContinuationsAsynchronously), never runs it here.
    private void StartAllowed()
    {
        if (_lifetime.IsStopping)
        {
            return; // FailWaiting cancels whatever still waits
        }

        while (_queue.TryStartNext(out var turn, out _))
        {
            turn.TrySetResult();
        }
    }

    private void FailWaiting()
    {
        List<TaskCompletionSource> waiting;
        lock (_gate)
        {
            waiting = _queue.RemoveAllWaiting();
        }

        foreach (var turn in waiting)
        {
            turn.TrySetCanceled(_lifetime.Stopping);
        }
    }
}
