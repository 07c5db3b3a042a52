namespace CatalogForge.Core.Workflow;

/// <summary>
/// The two shutdown signals of the embedded engine. <see cref="Stopping"/> fires when the host starts stopping: no new
/// activity is dispatched. <see cref="ActivityAbort"/> (the token activities receive) fires only after the drain
/// window, so activities already running get the chance to finish and memoise their results.
/// </summary>
internal sealed class WorkflowEngineLifetime : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private int _disposed;

    public CancellationToken Stopping => _stopping.Token;

    public CancellationToken ActivityAbort => _abort.Token;

    public bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>Stops dispatching. Callbacks (waiting dispatches failing) run on the thread pool, not on the caller.</summary>
    public void BeginShutdown()
    {
        if (Volatile.Read(ref _disposed) == 0 && !_stopping.IsCancellationRequested)
        {
            _ = _stopping.CancelAsync();
        }
    }

    /// <summary>Cancels the token given to running activities (end of the drain window).</summary>
    public void AbortActivities()
    {
        BeginShutdown();
        if (Volatile.Read(ref _disposed) == 0 && !_abort.IsCancellationRequested)
        {
            _ = _abort.CancelAsync();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Dispose();
            _abort.Dispose();
        }
    }
}
